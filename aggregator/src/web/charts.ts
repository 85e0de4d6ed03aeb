// Apache ECharts, served by the aggregator (/assets/echarts.min.js) and loaded only when a chart is
// drawn: the other pages stay light, and nothing is fetched from the internet.
import type * as Echarts from 'echarts';

type EchartsGlobal = typeof Echarts;
let loading: Promise<EchartsGlobal> | null = null;

export function loadEcharts(): Promise<EchartsGlobal> {
  loading ??= new Promise<EchartsGlobal>((resolve, reject) => {
    const existing = (window as unknown as { echarts?: EchartsGlobal }).echarts;
    if (existing) return resolve(existing);
    const script = document.createElement('script');
    script.src = '/assets/echarts.min.js';
    script.onload = () => resolve((window as unknown as { echarts: EchartsGlobal }).echarts);
    script.onerror = () => {
      loading = null;
      reject(new Error('图表库加载失败（/assets/echarts.min.js），请联系系统管理员检查汇总服务的安装。'));
    };
    document.head.append(script);
  });
  return loading;
}

/** Calm palette shared by every chart: this year, last year, incomplete. */
export const COLORS = { now: '#1f5fa8', last: '#b8c4d3', incomplete: '#93b4dc', accepted: '#2e7d4f', pending: '#6f8fb8', returned: '#c0392b', missing: '#d5dbe3' };

export const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

const charts = new Set<Echarts.ECharts>();
let resizing = false;

export async function draw(el: HTMLElement, option: Echarts.EChartsCoreOption): Promise<Echarts.ECharts> {
  const echarts = await loadEcharts();
  // Registered on first use, so modules that draw can be imported (and tested) outside a browser.
  if (!resizing) window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
  resizing = true;
  for (const c of charts) if (!c.getDom().isConnected) { c.dispose(); charts.delete(c); }
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  chart.setOption({ textStyle: { fontFamily: FONT }, animation: false, ...option });
  charts.add(chart);
  return chart;
}
