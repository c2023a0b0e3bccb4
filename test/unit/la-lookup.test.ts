import { describe, expect, it } from 'vitest';
import { readAreaLookup, laByOldCode } from '../../src/lib/geo/la-lookup';

const regions = 'region_code,region_name\nE12000003,Yorkshire and The Humber\nE12000009,South West\n';
const las = `new_la_code,la_name,date_of_operation,date_of_termination,parent_geography_code,entity_code,entity_description,status,old_la_code
E06000028,Bournemouth,01/01/2009,31/03/2019,E12000009,E06,Unitary Authorities,terminated,837
E06000029,Poole,01/01/2009,31/03/2019,E12000009,E06,Unitary Authorities,terminated,836
E10000009,Dorset,01/01/2009,31/03/2019,E12000009,E10,Counties,terminated,835
E06000058,"Bournemouth, Christchurch and Poole",01/04/2019,,E12000009,E06,Unitary Authorities,live,839
E06000059,Dorset,01/04/2019,,E12000009,E06,Unitary Authorities,live,838
E10000023,North Yorkshire,01/01/2009,31/03/2023,E12000003,E10,Counties,terminated,815
E06000065,North Yorkshire,01/04/2023,,E12000003,E06,Unitary Authorities,live,815
E06000061 / E06000062,North Northamptonshire / West Northamptonshire,01/04/2021,,E12000004,E06,Unitary Authorities,live,940 / 941
`;
const changes = `\ufeffoldcd,oldnm,newcd,newnm,type,start
E06000028,Bournemouth,E06000058,BCP,merger,2019
E06000029,Poole,E06000058,BCP,merger,2019
E07000048,Christchurch,E06000058,BCP,merger,2019
E07000049,East Dorset,E06000059,Dorset,merger,2019
E10000009,Dorset,,,termination,2019
E10000023,North Yorkshire,,,termination,2023
`;

describe('readAreaLookup', () => {
  const lookup = readAreaLookup({ las, regions, changes });
  it('leaves out combined reporting rows', () => {
    expect([...lookup.las.keys()]).not.toContain('E06000061 / E06000062');
    expect(lookup.las.size).toBe(7);
  });
  it('links a code change as the same area', () => {
    expect(lookup.las.get('E10000023')!.successors).toEqual(['E06000065']);
    expect(lookup.las.get('E10000023')!.sameAreaSuccessor).toBe('E06000065');
    expect(lookup.las.get('E06000065')!.sameAreaPredecessor).toBe('E10000023');
  });
  it('links unitary mergers and an abolished county to the unitaries that took its districts', () => {
    expect(lookup.las.get('E06000058')!.predecessors.sort()).toEqual(['E06000028', 'E06000029', 'E10000009']);
    expect(lookup.las.get('E10000009')!.successors.sort()).toEqual(['E06000058', 'E06000059']);
    expect(lookup.las.get('E10000009')!.sameAreaSuccessor).toBeNull();
  });
  it('resolves a reused old_la_code by date', () => {
    expect(laByOldCode(lookup, '815', '2022-09-01')!.code).toBe('E10000023');
    expect(laByOldCode(lookup, '815', '2023-09-01')!.code).toBe('E06000065');
    expect(laByOldCode(lookup, '999', '2023-09-01')).toBeUndefined();
  });
  it('refuses an LA whose region is unknown', () => {
    const bad = las.replace('E06000065,North Yorkshire,01/04/2023,,E12000003', 'E06000065,North Yorkshire,01/04/2023,,E12000099');
    expect(() => readAreaLookup({ las: bad, regions, changes })).toThrow(/geo\/las\.csv, row 8, column parent_geography_code: unknown region code/);
  });
});
