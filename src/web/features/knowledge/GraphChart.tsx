import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
// Modular ECharts: only the graph series, tooltip, legend and the SVG renderer reach this lazy chunk.
import * as echarts from 'echarts/core';
import { GraphChart as EGraphChart, type GraphSeriesOption } from 'echarts/charts';
import { LegendComponent, TooltipComponent, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { Graph, NodeKind } from './api.ts';

echarts.use([EGraphChart, LegendComponent, TooltipComponent, SVGRenderer]);
type Option = echarts.ComposeOption<GraphSeriesOption | LegendComponentOption | TooltipComponentOption>;

const KINDS: NodeKind[] = ['gad', 'partner', 'network', 'funder'];
const COLOURS: Record<NodeKind, string> = { gad: '#0b2f5b', partner: '#1f7a4d', network: '#b35900', funder: '#7a1f5c' };

/** The force layout is ECharts' own; each node opens its page (GAD or partner). */
export function GraphChart({ graph, label }: { graph: Graph; label: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const element = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'svg' });
    const max = Math.max(1, ...graph.nodes.map((n) => n.actionCount));
    const option: Option = {
      color: KINDS.map((k) => COLOURS[k]),
      tooltip: { formatter: (p) => {
        const data = (p as { data?: { name?: string; value?: number } }).data;
        return data?.name ? `${data.name}: ${t('knowledge.graph.actions', { count: data.value ?? 0 })}` : '';
      } },
      legend: { data: KINDS.map((k) => t(`knowledge.graph.kind.${k}`)), bottom: 0 },
      series: [{
        type: 'graph', layout: 'force', roam: true, draggable: true,
        categories: KINDS.map((k) => ({ name: t(`knowledge.graph.kind.${k}`) })),
        force: { repulsion: 110, edgeLength: [40, 110], gravity: 0.2 },
        label: { show: graph.nodes.length <= 60, position: 'right', fontSize: 11 },
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: '#8a96a3', opacity: 0.7 },
        data: graph.nodes.map((n) => ({
          id: n.id, name: n.label, value: n.actionCount, category: KINDS.indexOf(n.kind),
          symbolSize: 10 + 22 * Math.sqrt(n.actionCount / max), itemStyle: n.id === graph.root ? { borderColor: '#f2c200', borderWidth: 3 } : undefined,
        })),
        edges: graph.edges.map((e) => ({ source: e.source, target: e.target })),
      }],
    };
    chart.setOption(option);
    chart.on('click', (params) => {
      const node = graph.nodes.find((n) => n.id === (params.data as { id?: string } | undefined)?.id);
      if (node) navigate(node.link);
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [graph, navigate, t]);

  return <div ref={element} className="graph-chart" role="img" aria-label={label} data-testid="graph-chart" />;
}
