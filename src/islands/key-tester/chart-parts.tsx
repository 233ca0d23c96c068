/** What the benchmark's two charts share: a width that follows their box, and the axes. */
import { createSignal, For, onCleanup, onMount, type Accessor } from 'solid-js';
import type { ChartGeometry } from './logic/chart';

/** The width of `box` once mounted (at least 260 px), following it as it resizes. */
export function boxWidth(box: () => HTMLElement | undefined): Accessor<number> {
  const [width, setWidth] = createSignal(640);
  onMount(() => {
    const el = box();
    if (el?.clientWidth) setWidth(Math.max(260, el.clientWidth));
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(260, Math.floor(entry.contentRect.width))));
    if (el) observer.observe(el);
    onCleanup(() => observer.disconnect());
  });
  return width;
}

/** Horizontal grid lines with their values, and the runs along the bottom. */
export function Axes(props: { geometry: Pick<ChartGeometry, 'plot' | 'yTicks' | 'xTicks'> }) {
  return (
    <>
      <For each={props.geometry.yTicks}>
        {(t) => (
          <g class="kt-grid">
            <line x1={props.geometry.plot.left} x2={props.geometry.plot.right} y1={t.at} y2={t.at} />
            <text x={props.geometry.plot.left - 8} y={t.at} dy="0.32em" text-anchor="end">
              {t.label}
            </text>
          </g>
        )}
      </For>
      <For each={props.geometry.xTicks}>
        {(t) => (
          <text class="kt-axis" x={t.at} y={props.geometry.plot.bottom + 18} text-anchor="middle">
            {t.label}
          </text>
        )}
      </For>
    </>
  );
}
