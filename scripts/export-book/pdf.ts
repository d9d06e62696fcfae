import { rename, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/mermaid/browser-renderer.ts';

/**
 * Prints the book's HTML to PDF with Chromium's own print path (what "Save as PDF" gives), with
 * page numbers in the footer and the headings as the PDF outline. Writes the file atomically.
 */
export async function printPdf(executablePath: string, htmlFile: string, pdfFile: string): Promise<{ bytes: number }> {
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      outline: true,
      tagged: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="title"></span> · <span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
    });
    const tmp = `${pdfFile}.${process.pid}.tmp`;
    await writeFile(tmp, pdf);
    await rename(tmp, pdfFile);
    return { bytes: pdf.length };
  } finally {
    await browser.close();
  }
}
