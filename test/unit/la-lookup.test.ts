import { describe, expect, it } from 'vitest';
import { checkLaIdentity, readAreaLookup, laByOldCode } from '../../src/lib/ingest/geo/la-lookup';

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

describe('checkLaIdentity', () => {
  const lookup = readAreaLookup({ las, regions, changes });
  const check = (code: string, oldCode: string, name: string) => checkLaIdentity(lookup, { code, oldCode, name });

  it('accepts the lookup\'s name, spellings that differ only in capitals and punctuation, and no old code', () => {
    expect(check('E06000058', '839', 'Bournemouth, Christchurch and Poole')).toBeNull();
    expect(check('E06000058', '839', 'BOURNEMOUTH CHRISTCHURCH & POOLE')).toBeNull();
    expect(check('E06000058', '', 'Bournemouth, Christchurch and Poole')).toBeNull();
  });
  it('accepts a variant from the table only for its own code', () => {
    expect(check('E10000009', '835', 'Dorset (Pre LG)')).toBeNull();
    expect(check('E06000059', '838', 'Dorset (Pre LG)')).toMatchObject({ column: 'la_name', value: 'Dorset (Pre LG)' });
  });
  it('accepts a reused old code under either of its codes, whatever the period', () => {
    expect(check('E10000023', '815', 'North Yorkshire')).toBeNull();
    expect(check('E06000065', '815', 'North Yorkshire')).toBeNull();
  });
  it('names the odd one out: the code of a swapped row, else the old code or the name', () => {
    expect(check('E06000029', '837', 'Bournemouth')).toEqual({
      column: 'new_la_code',
      value: 'E06000029',
      problem: "the code of Poole (old_la_code 836) in geo/las.csv, but this row's old_la_code and la_name are those of Bournemouth (E06000028): codes swapped between rows?",
    });
    expect(check('E06000029', '999', 'Nowhere')).toMatchObject({ column: 'new_la_code', problem: /old_la_code and la_name are not Poole's$/ });
    expect(check('E06000029', '837', 'Poole')).toEqual({
      column: 'old_la_code',
      value: '837',
      problem: 'not the old_la_code of E06000029 in geo/las.csv (Poole, 836): it is that of Bournemouth (E06000028)',
    });
    expect(check('E06000029', '836', 'Bournemouth')).toEqual({
      column: 'la_name',
      value: 'Bournemouth',
      problem: 'not the name of E06000029 in geo/las.csv (Poole) nor a variant of it in LA_NAME_VARIANTS: it names Bournemouth (E06000028)',
    });
    expect(check('E06000029', '836', 'Poole Borough')).toMatchObject({ column: 'la_name', problem: /LA_NAME_VARIANTS$/ });
    expect(check('E06000099', '836', 'Poole')).toEqual({ column: 'new_la_code', value: 'E06000099', problem: 'LA code is not in geo/las.csv' });
  });
});
