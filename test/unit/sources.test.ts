import { describe, expect, it } from 'vitest';
import { sourceLine } from '../../src/lib/domain/sources';

describe('source lines', () => {
  it('name the publication each file is released in, with its series', () => {
    expect(sourceLine(['cin'], '2024/25')).toMatch(/^Source: Outcomes for children in need, including children looked after by local authorities in England \(DfE\) \(school census\)\./);
    expect(sourceLine(['registers-term'], 'x')).toMatch(/^Source: Pupil attendance in schools \(DfE\) \(daily registers\)\./);
    expect(sourceLine(['lait'], '2015/16 to 2024/25')).toContain('Periods: 2015/16 to 2024/25.');
  });
});
