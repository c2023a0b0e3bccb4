/**
 * The pointer on the map and the London inset: hovering shows an area's figure beside the pointer; a mouse
 * click opens the area's page, a touch or pen tap selects it and shows its figure card with a link
 * (lib/view/map-logic pointerAction), the small area nearest the finger when it lands beside one
 * (lib/view/tap-target); a tap away from the map closes the card.
 */
import { pointerAction } from '../../lib/view/map-logic';
import { tapTarget, type AreaBox } from '../../lib/view/tap-target';
import type { MapView } from '../../lib/view/map-view-model';
import type { MapRenderer } from './render';

export function attachPointer(r: MapRenderer, o: { current: () => MapView | null; open: (code: string) => void; select: (code: string) => void }): void {
  const { svg, inset, tooltip } = r.dom;
  // The last pointer pressed on the map: click events from a keyboard carry no pointer type.
  let pointerType = '';
  const card = (node: SVGPathElement, e: MouseEvent, withLink: boolean) => {
    const view = o.current();
    if (view) r.showCard(node, view.cardText(node.dataset.code!), e, withLink);
  };
  const areaClick = (e: MouseEvent) => {
    const under = (e.target as Element).closest<SVGPathElement>('path[data-code]');
    const how = pointerAction((e as PointerEvent).pointerType || pointerType);
    pointerType = '';
    if (how === 'open') {
      if (under) o.open(under.dataset.code!);
      return;
    }
    // Most authorities are smaller than a fingertip at phone width: a tap beside one, or in the sea
    // between the Isles of Scilly, is taken as meant for it (lib/view/tap-target).
    const paths = [...(e.currentTarget as Element).querySelectorAll<SVGPathElement>('path[data-code]')];
    const boxes: AreaBox[] = paths.map((p) => {
      const b = p.getBoundingClientRect();
      return { code: p.dataset.code!, left: b.left, top: b.top, width: b.width, height: b.height };
    });
    const code = tapTarget(e.clientX, e.clientY, under?.dataset.code ?? null, boxes);
    const node = code === null ? undefined : paths.find((p) => p.dataset.code === code);
    if (!node) return;
    o.select(code!);
    card(node, e, true);
  };
  const hover = (e: PointerEvent) => {
    // Touch has no hover; a tap's card stays until the next tap.
    if (e.pointerType === 'touch' || tooltip.classList.contains('map-card')) return;
    const node = (e.target as Element).closest<SVGPathElement>('path[data-code]');
    if (!node || !o.current()) {
      tooltip.hidden = true;
      return;
    }
    card(node, e, false);
  };
  for (const map of [svg, inset]) {
    map.addEventListener('pointerdown', (e) => (pointerType = e.pointerType));
    map.addEventListener('click', areaClick);
    map.addEventListener('pointermove', hover);
    map.addEventListener('pointerleave', () => {
      if (!tooltip.classList.contains('map-card')) tooltip.hidden = true;
    });
  }
  // A tap or click away from the map closes the card.
  document.addEventListener('pointerdown', (e) => {
    if (tooltip.classList.contains('map-card') && !(e.target as Element).closest('[data-map-svg], [data-map-inset], [data-map-tooltip]')) {
      tooltip.classList.remove('map-card');
      tooltip.hidden = true;
    }
  });
}
