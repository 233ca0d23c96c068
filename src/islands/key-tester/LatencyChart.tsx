import type { Ids } from './types';
import { createMemo, For, Show } from 'solid-js';
import { Axes, boxWidth } from './chart-parts';
import type { SampleEvent } from '../../lib/api-contract';
import { chartGeometry } from './logic/chart';
import { formatMs } from './logic/format';

const metricName = { ttftMs: 'Time to first token', e2eMs: 'End-to-end time' } as const;

/** Per-run latency as an inline SVG sized to its container; warm-up hollow and excluded, median dashed. */
export default function LatencyChart(props: { ids: Ids; samples: SampleEvent[] }) {
  let box: HTMLDivElement | undefined;
  const width = boxWidth(() => box);
  const g = createMemo(() => chartGeometry(props.samples, width(), 200));
  const description = () => {
    const geo = g();
    const runs = geo.points.map((p) => `${p.warmup ? 'warm-up (excluded)' : `run ${p.run}`} ${formatMs(p.value)}`);
    return `${metricName[geo.metric]} per run: ${runs.join(', ')}.${geo.median ? ` Median ${formatMs(geo.median.value)}.` : ''}`;
  };
  return (
    <figure class="kt-chart">
      <div ref={box} class="kt-chart-box">
        <svg role="img" aria-labelledby={`${props.ids('chart-t')} ${props.ids('chart-d')}`} width={g().width} height={g().height} viewBox={`0 0 ${g().width} ${g().height}`}>
          <title id={props.ids('chart-t')}>{metricName[g().metric]} per benchmark run, in milliseconds</title>
          <desc id={props.ids('chart-d')}>{description()}</desc>
          <Axes geometry={g()} />
          <Show when={g().median}>
            {(m) => (
              <line class="kt-median" x1={g().plot.left} x2={g().plot.right} y1={m().y} y2={m().y} />
            )}
          </Show>
          <For each={g().points}>
            {(p) => (
              <g class={p.warmup ? 'kt-pt kt-warm' : 'kt-pt'}>
                <circle cx={p.x} cy={p.y} r="5" />
                <Show when={p.clipped}>
                  <text x={p.x + 8} y={p.y + 4}>
                    ↑ {formatMs(p.value)}
                  </text>
                </Show>
              </g>
            )}
          </For>
        </svg>
      </div>
      <figcaption class="kt-legend">
        <span>
          <svg width="12" height="12" aria-hidden="true" class="kt-pt">
            <circle cx="6" cy="6" r="4.5" />
          </svg>{' '}
          run
        </span>
        <span>
          <svg width="12" height="12" aria-hidden="true" class="kt-pt kt-warm">
            <circle cx="6" cy="6" r="4.5" />
          </svg>{' '}
          warm-up (W), not counted
        </span>
        <span>
          <svg width="18" height="12" aria-hidden="true" class="kt-median">
            <line x1="0" x2="18" y1="6" y2="6" />
          </svg>{' '}
          median{g().median ? ` ${formatMs(g().median!.value)}` : ''}
        </span>
        <span>{metricName[g().metric]}; x axis: run number</span>
      </figcaption>
    </figure>
  );
}
