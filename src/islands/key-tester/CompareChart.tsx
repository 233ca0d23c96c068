import { createMemo, For, Show } from 'solid-js';
import { Axes, boxWidth } from './chart-parts';
import type { Lane } from './logic/state';
import { seriesGeometry } from './logic/chart';
import { formatMs } from './logic/format';
import type { Ids } from './types';

const metricName = { ttftMs: 'Time to first token', e2eMs: 'End-to-end time' } as const;

/** A marker per series, so series differ by shape as well as colour: circle, square, triangle, diamond. */
export function Marker(props: { index: number; x: number; y: number; r?: number }) {
  const r = () => props.r ?? 5;
  return (
    <>
      {
        [
          <circle cx={props.x} cy={props.y} r={r()} />,
          <rect x={props.x - r() * 0.85} y={props.y - r() * 0.85} width={r() * 1.7} height={r() * 1.7} />,
          <path d={`M${props.x} ${props.y - r() * 1.1}L${props.x + r()} ${props.y + r() * 0.75}L${props.x - r()} ${props.y + r() * 0.75}Z`} />,
          <path d={`M${props.x} ${props.y - r() * 1.15}L${props.x + r() * 1.05} ${props.y}L${props.x} ${props.y + r() * 1.15}L${props.x - r() * 1.05} ${props.y}Z`} />,
        ][props.index % 4]
      }
    </>
  );
}

/** Per-run latency of every endpoint compared, one series each, on shared scales; medians dashed. */
export default function CompareChart(props: { ids: Ids; lanes: Lane[]; names: string[] }) {
  let box: HTMLDivElement | undefined;
  const width = boxWidth(() => box);
  const g = createMemo(() => seriesGeometry(props.lanes.map((l) => ({ key: l.endpoint, samples: l.samples })), width(), 220));
  const description = () =>
    g()
      .series.map((s, i) => {
        const runs = s.points.map((p) => `${p.warmup ? 'warm-up' : `run ${p.run}`} ${formatMs(p.value)}`);
        return `${props.names[i] ?? s.key}: ${runs.length ? runs.join(', ') : 'no runs'}${s.median ? `, median ${formatMs(s.median.value)}` : ''}.`;
      })
      .join(' ');
  return (
    <figure class="kt-chart">
      <div ref={box} class="kt-chart-box">
        <svg role="img" aria-labelledby={`${props.ids('cmp-chart-t')} ${props.ids('cmp-chart-d')}`} width={g().width} height={g().height} viewBox={`0 0 ${g().width} ${g().height}`}>
          <title id={props.ids('cmp-chart-t')}>{metricName[g().metric]} per benchmark run and endpoint, in milliseconds</title>
          <desc id={props.ids('cmp-chart-d')}>{description()}</desc>
          <Axes geometry={g()} />
          <For each={g().series}>
            {(s, i) => (
              <g class={`kt-series kt-s${i() % 4}`}>
                <Show when={s.median}>{(m) => <line class="kt-series-median" x1={g().plot.left} x2={g().plot.right} y1={m().y} y2={m().y} />}</Show>
                <For each={s.points}>
                  {(p) => (
                    <g class={p.warmup ? 'kt-spt kt-warm' : 'kt-spt'}>
                      <Marker index={i()} x={p.x} y={p.y} />
                    </g>
                  )}
                </For>
              </g>
            )}
          </For>
        </svg>
      </div>
      <figcaption class="kt-legend">
        <For each={g().series}>
          {(s, i) => (
            <span class={`kt-s${i() % 4}`}>
              <svg width="14" height="14" aria-hidden="true" class="kt-spt">
                <Marker index={i()} x={7} y={7} r={4.5} />
              </svg>{' '}
              {props.names[i()] ?? s.key}
              {s.median ? `, median ${formatMs(s.median.value)} (dashed)` : ''}
            </span>
          )}
        </For>
        <span>Hollow: warm-up, not counted. {metricName[g().metric]}; x axis: run number</span>
      </figcaption>
    </figure>
  );
}
