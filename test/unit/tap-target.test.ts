import { describe, expect, it } from 'vitest';
import { tapTarget, type AreaBox } from '../../src/lib/view/tap-target';

// Boxes as measured on the national map at 375 px (CSS px, rounded): a large county, small unitary
// authorities beside it and each other, islands in the sea, and a long thin authority.
const SURREY: AreaBox = { code: 'E10000030', left: 100, top: 100, width: 60, height: 40 };
const SLOUGH: AreaBox = { code: 'E06000039', left: 110, top: 90, width: 7, height: 4 };
const WINDSOR: AreaBox = { code: 'E06000040', left: 90, top: 84, width: 13.6, height: 12.6 };
const SCILLY: AreaBox = { code: 'E06000053', left: 20, top: 300, width: 6.7, height: 7 };
const HARTLEPOOL: AreaBox = { code: 'E06000001', left: 200, top: 50, width: 8.2, height: 6.8 };
const MIDDLESBROUGH: AreaBox = { code: 'E06000002', left: 196, top: 60, width: 5.6, height: 5.7 };
const THIN: AreaBox = { code: 'E06000010', left: 250, top: 200, width: 40, height: 6 };
const BOXES = [SURREY, SLOUGH, WINDSOR, SCILLY, HARTLEPOOL, MIDDLESBROUGH, THIN];

describe('tapTarget', () => {
  it('takes a tap in the sea beside the Isles of Scilly as meant for them, and one far out as nothing', () => {
    expect(tapTarget(SCILLY.left - 6, SCILLY.top + 3, null, BOXES)).toBe('E06000053');
    expect(tapTarget(SCILLY.left + 3, SCILLY.top + 3, null, BOXES)).toBe('E06000053');
    expect(tapTarget(SCILLY.left - 12, SCILLY.top + 3, null, BOXES)).toBeNull();
  });

  it('gives a small authority the part of a large neighbour within half a target of its centre', () => {
    // Slough's centre is (113.5, 92); the tap lands on Surrey 9 px below it.
    expect(tapTarget(113.5, 101, 'E10000030', BOXES)).toBe('E06000039');
    // Further into Surrey, Surrey.
    expect(tapTarget(140, 130, 'E10000030', BOXES)).toBe('E10000030');
  });

  it('keeps the small shape under the finger, and between two small ones takes the nearer', () => {
    // On Windsor and Maidenhead itself, within Slough's target: Windsor.
    expect(tapTarget(102, 93, 'E06000040', BOXES)).toBe('E06000040');
    // Inside Slough's box but on Windsor's shape (boxes of neighbours overlap): still Windsor.
    expect(tapTarget(111, 91, 'E06000040', BOXES)).toBe('E06000040');
    // Between Hartlepool (above) and Middlesbrough (below), nearer Middlesbrough's box.
    expect(tapTarget(201, 59, null, BOXES)).toBe('E06000002');
    expect(tapTarget(204, 57.5, null, BOXES)).toBe('E06000001');
  });

  it('counts an authority as small when either side is under 24 px', () => {
    // 40 x 6: a tap 8 px below its box is within its 24 px tall target.
    expect(tapTarget(270, 214, null, BOXES)).toBe('E06000010');
    // Its width is not grown: 3 px past its right end is outside.
    expect(tapTarget(293, 203, null, BOXES)).toBeNull();
  });

  it('leaves every tap alone when no area is small (a wide screen)', () => {
    const big = BOXES.map((b) => ({ ...b, width: b.width * 10, height: b.height * 10 }));
    expect(tapTarget(113.5, 101, 'E10000030', big)).toBe('E10000030');
    expect(tapTarget(0, 0, null, big)).toBeNull();
  });
});
