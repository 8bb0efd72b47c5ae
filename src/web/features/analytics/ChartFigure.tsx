import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { echarts, registerMaps, type Option } from './echarts.ts';

interface Props {
  id: string;
  title: string;
  option: Option;
  height?: number;
  /** The same data as a table, beside the chart: what a screen reader reads and anyone can copy. */
  table: ReactNode;
  wide?: boolean;
}

function download(href: string, name: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/**
 * One chart with its data table beside it and PNG/SVG downloads. The chart draws on a canvas; the SVG
 * is rendered apart by ECharts' server-side renderer from the same option, and the download never
 * depends on what the screen shows.
 */
export function ChartFigure({ id, title, option, height = 320, table, wide }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    registerMaps();
    const instance = echarts.init(ref.current, null, { renderer: 'canvas' });
    chart.current = instance;
    // A resize can arrive after the chart is gone (route change, React's double effects in development).
    const observer = new ResizeObserver(() => {
      if (!instance.isDisposed()) instance.resize();
    });
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [height]);

  useEffect(() => {
    chart.current?.setOption({ animation: false, ...option }, true);
  }, [option, height]);

  const png = () => {
    if (chart.current) download(chart.current.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' }), `${id}.png`);
  };
  const svg = () => {
    const width = ref.current?.clientWidth || 800;
    const ssr = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
    try {
      ssr.setOption({ animation: false, backgroundColor: '#ffffff', ...option });
      const url = URL.createObjectURL(new Blob([ssr.renderToSVGString()], { type: 'image/svg+xml' }));
      download(url, `${id}.svg`);
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      ssr.dispose();
    }
  };

  return (
    <figure className={`chart-figure${wide ? ' chart-wide' : ''}`} aria-labelledby={`${id}-title`} data-testid={`chart-${id}`}>
      <figcaption id={`${id}-title`} className="chart-title">{title}</figcaption>
      <div className="chart-body">
        <div className="chart-canvas-wrap">
          <div ref={ref} className="chart-canvas" style={{ height }} role="img" aria-label={t('analytics.chart.alt', { title })} />
          <div className="chart-downloads">
            <button type="button" className="button button-secondary" onClick={png} data-testid={`download-png-${id}`}>{t('analytics.chart.png')}</button>
            <button type="button" className="button button-secondary" onClick={svg} data-testid={`download-svg-${id}`}>{t('analytics.chart.svg')}</button>
          </div>
        </div>
        <div className="chart-table table-wrap" tabIndex={0} role="region" aria-label={t('analytics.chart.table', { title })}>{table}</div>
      </div>
    </figure>
  );
}
