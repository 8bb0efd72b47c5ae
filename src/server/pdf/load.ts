import { lazy } from '../lazy.ts';

/**
 * pdfkit, svg-to-pdfkit and ECharts cost about a CPU second to import together: the report routes
 * load them on their first PDF instead of every start paying for them.
 * Usage: `const { PdfWriter, chartSvg } = await loadPdf();`
 */
export const loadPdf = lazy(async () => {
  const [{ PdfWriter }, { chartSvg }] = await Promise.all([import('./pdf-document.ts'), import('./chart-svg.ts')]);
  return { PdfWriter, chartSvg };
});
