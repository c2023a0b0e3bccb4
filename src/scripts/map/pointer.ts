/**
 * The pointer on the map and the London inset: hovering shows an area's figure beside the pointer; a mouse
 * click opens the area's page, a touch or pen tap selects it and shows its figure card with a link
 * (lib/view/map-logic pointerAction); a tap away from the map closes the card.
 */
import { pointerAction } from '../../lib/view/map-logic';
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
    const node = (e.target as Element).closest<SVGPathElement>('path[data-code]');
    if (!node) return;
    const how = pointerAction((e as PointerEvent).pointerType || pointerType);
    pointerType = '';
    if (how === 'open') return o.open(node.dataset.code!);
    o.select(node.dataset.code!);
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
