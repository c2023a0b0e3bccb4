/**
 * Copy buttons (embed code, citations, story figures), the embed code itself (written when "Embed this
 * chart" is first opened, from the chart's key on its <details data-embed>) and PNG downloads made
 * from a chart's SVG file in a canvas. Buttons are hidden in the HTML and shown here, so readers
 * without JavaScript meet only working links and selectable text.
 */
import { chartEmbedCodes } from '../lib/publish/embeds';

const live = document.createElement('p');
live.className = 'visually-hidden';
live.setAttribute('aria-live', 'polite');
document.body.append(live);

const say = (text: string) => {
  live.textContent = '';
  setTimeout(() => (live.textContent = text), 50);
};

async function copyText(text: string, from: HTMLElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older browsers, or clipboard permission refused: select the text so Ctrl+C copies it.
    const range = document.createRange();
    range.selectNodeContents(from);
    const sel = getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    if (from instanceof HTMLTextAreaElement) from.select();
    return document.execCommand?.('copy') ?? false;
  }
}

async function svgToPng(url: string): Promise<Blob> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const text = await res.text();
  const blobUrl = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = blobUrl;
    await img.decode();
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth * scale;
    canvas.height = img.naturalHeight * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(blobUrl);
  }
}

document.querySelectorAll<HTMLButtonElement>('button[data-copy], button[data-png]').forEach((b) => (b.hidden = false));

/** Fills a chart's "Embed this chart" with its three codes, once; the chart id is its figure's id. */
function writeEmbedCode(details: HTMLDetailsElement): void {
  const d = details.dataset;
  const chartId = details.closest('figure.chart')?.id;
  if (details.querySelector('.code-block') || !chartId || !d.embed || !d.site || !d.release || !d.releaseHash) return;
  const title = (document.getElementById(`${chartId}-title`)?.textContent ?? '').trim();
  const codes = chartEmbedCodes({ site: d.site, key: d.embed, chartId, title, height: Number(d.height), release: { id: d.release, hash: d.releaseHash } });
  for (const c of codes) {
    const id = `${chartId}-code-${c.kind}`;
    const block = document.createElement('div');
    block.className = 'code-block';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = c.label;
    const area = document.createElement('textarea');
    Object.assign(area, { id, readOnly: true, rows: 5, spellcheck: false, value: c.text });
    const copy = document.createElement('button');
    Object.assign(copy, { type: 'button', className: 'secondary', textContent: 'Copy code' });
    copy.dataset.copy = id;
    block.append(label, area, copy);
    details.append(block);
  }
}

// Written before the <details> opens (a click or Enter on its summary), and on any other opening.
document.addEventListener('click', (e) => {
  const summary = (e.target as Element).closest('details[data-embed] > summary');
  if (summary) writeEmbedCode(summary.parentElement as HTMLDetailsElement);
});
document.addEventListener('toggle', (e) => {
  if (e.target instanceof HTMLDetailsElement && e.target.open && e.target.dataset.embed !== undefined) writeEmbedCode(e.target);
}, true);

document.addEventListener('click', (e) => {
  const button = (e.target as Element).closest<HTMLButtonElement>('button[data-copy], button[data-png]');
  if (!button) return;
  if (button.dataset.copy) {
    const from = document.getElementById(button.dataset.copy);
    if (!from) return;
    const text = from instanceof HTMLTextAreaElement ? from.value : (from.innerText || from.textContent || '').trim();
    void copyText(text, from).then((ok) => say(ok ? 'Copied to the clipboard.' : 'Selected: press Ctrl+C or Cmd+C to copy.'));
  } else if (button.dataset.png) {
    button.disabled = true;
    svgToPng(button.dataset.png)
      .then((blob) => {
        const a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = button.dataset.pngName ?? 'chart.png';
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
        say('PNG image downloaded.');
      })
      .catch((err: unknown) => say(`The PNG could not be made (${err instanceof Error ? err.message : String(err)}). The SVG image link works.`))
      .finally(() => (button.disabled = false));
  }
});
