import * as echarts from 'echarts';

/**
 * Renders an ECharts option to an SVG string on the server (ECharts' SSR mode, no DOM), so the
 * PDF reports show the same charts as the web pages, drawn from the same data.
 */
export function chartSvg(option: echarts.EChartsOption, width = 640, height = 320): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'Helvetica' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
