import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';

const MARGIN = 50;
const BLUE = '#0b2e59';
const GREY = '#555555';

/**
 * A small writer over pdfkit for the platform's reports (plan document, annual report). It
 * uses the standard Helvetica fonts, whose encoding covers Spanish and Portuguese, so no font
 * has to be fetched; charts come in as SVG from `chartSvg`.
 */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(meta: { title: string; language: string; author?: string }) {
    this.doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: meta.title, Author: meta.author ?? 'Glocal' }, lang: meta.language, displayTitle: true, tagged: true } as PDFKit.PDFDocumentOptions);
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  private get width() {
    return this.doc.page.width - MARGIN * 2;
  }

  private ensureSpace(height: number) {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
  }

  title(text: string, subtitle?: string) {
    this.doc.font('Helvetica-Bold').fontSize(20).fillColor(BLUE).text(text, { width: this.width });
    if (subtitle) this.doc.moveDown(0.3).font('Helvetica').fontSize(11).fillColor(GREY).text(subtitle, { width: this.width });
    this.doc.moveDown(1);
    return this;
  }

  heading(text: string) {
    this.ensureSpace(60);
    this.doc.moveDown(0.5).font('Helvetica-Bold').fontSize(14).fillColor(BLUE).text(text, { width: this.width }).moveDown(0.4);
    return this;
  }

  paragraph(text: string) {
    this.doc.font('Helvetica').fontSize(10).fillColor('#000000').text(text, { width: this.width, align: 'left' }).moveDown(0.5);
    return this;
  }

  bullets(items: string[]) {
    for (const item of items) this.paragraph(`• ${item}`);
    return this;
  }

  /** A simple table: header row in bold, then rows; columns share the width by the given weights. */
  table(headers: string[], rows: (string | number)[][], weights: number[] = headers.map(() => 1)) {
    const total = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((w) => (w / total) * this.width);
    const drawRow = (cells: (string | number)[], bold: boolean) => {
      const height = Math.max(...cells.map((c, i) => this.doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9).heightOfString(String(c), { width: widths[i]! - 6 }))) + 6;
      this.ensureSpace(height);
      const y = this.doc.y;
      let x = MARGIN;
      cells.forEach((cell, i) => {
        this.doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9).fillColor('#000000').text(String(cell), x + 3, y + 3, { width: widths[i]! - 6 });
        x += widths[i]!;
      });
      this.doc.moveTo(MARGIN, y + height).lineTo(MARGIN + this.width, y + height).strokeColor('#cccccc').lineWidth(0.5).stroke();
      this.doc.x = MARGIN;
      this.doc.y = y + height;
    };
    drawRow(headers, true);
    for (const row of rows) drawRow(row, false);
    this.doc.moveDown(0.8);
    return this;
  }

  /** An SVG chart (from chartSvg) scaled to the page width. */
  svg(svg: string, width = 640, height = 320) {
    const scale = this.width / width;
    this.ensureSpace(height * scale + 10);
    SVGtoPDF(this.doc, svg, MARGIN, this.doc.y, { width: this.width, height: height * scale, assumePt: true });
    this.doc.y += height * scale + 10;
    this.doc.x = MARGIN;
    return this;
  }

  async finish(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }
}
