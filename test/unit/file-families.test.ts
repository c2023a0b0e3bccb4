import { describe, expect, it } from 'vitest';
import { FILE_FAMILIES, summariseFamilies } from '../../src/lib/ingest/file-families';

describe('summariseFamilies', () => {
  it('gives each family found with its periods grouped by identifier, and names every family missing', () => {
    const { found, missing } = summariseFamilies([
      { family: 'registers', file: 'dfe/attendance/202425/EES_weekly_data.csv', periods: [['2025', 'Week 2'], ['2024', 'Week 37'], ['2024', 'Week 52']] },
      { family: 'registers', file: 'dfe/attendance/202425/EES_aut_data.csv', periods: [['202425', 'Autumn term']] },
      { family: 'census', file: 'dfe/census/a.csv', periods: [['202324', 'Full year'], ['200607', 'Full year'], ['201819', 'Full year'], ['202324', 'Autumn term']] },
    ]);
    expect(found).toEqual([
      'census (Pupil absence in schools in England): 1 file; Autumn term: 2023/24; Full year: 2006/07 to 2023/24 (3 years)',
      'registers (Pupil attendance in schools): 2 files; Autumn term: 2024/25; Weekly: Week 37 2024 to Week 2 2025 (3 weeks)',
    ]);
    expect(missing).toEqual(
      FILE_FAMILIES.filter((f) => f.id !== 'census' && f.id !== 'registers').map((f) => `no ${f.label} file in the data folder (${f.where}): the site has none of its figures`),
    );
    expect(missing).toHaveLength(5);
    expect(missing[0]).toBe("no PRU (the census publication's pupil referral unit file) file in the data folder (dfe/absence_pru/*.csv): the site has none of its figures");
  });
});
