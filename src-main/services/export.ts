// export.* API methods: thin handlers over the exporters (metrics and charts; the lens views),
// with the API's size limits
// (the CLI calls the exporter directly, without them). app.saveFile lives in the Electron shell.
import { API_LIMITS, createExporter } from './export/exporter';
import { createLensExporter } from './export/lens';
import type { Handler, ServiceDeps } from './types';

export { createExporter, API_LIMITS, NO_LIMITS } from './export/exporter';
export type { Exporter, ExportLimits } from './export/exporter';
export { createLensExporter } from './export/lens';
export type { LensExporter, LensRequest } from './export/lens';

export function exportServices({ store }: ServiceDeps) {
  const exporter = createExporter(store, API_LIMITS);
  const metricsCsv: Handler<'export.metricsCsv'> = (req) => exporter.metricsCsv(req);
  const metricsJson: Handler<'export.metricsJson'> = (req) => exporter.metricsJson(req);
  const runLog: Handler<'export.runLog'> = (req) => exporter.runLog(req);
  const runBundle: Handler<'export.runBundle'> = (req) => exporter.runBundle(req);
  const figure: Handler<'export.figure'> = (req) => exporter.figure(req);
  const figureSheet: Handler<'export.figureSheet'> = (req) => exporter.figureSheet(req);
  const lensExporter = createLensExporter(store, API_LIMITS);
  const lens: Handler<'export.lens'> = (req) => lensExporter.lens(req);
  return {
    'export.metricsCsv': metricsCsv,
    'export.metricsJson': metricsJson,
    'export.runLog': runLog,
    'export.runBundle': runBundle,
    'export.figure': figure,
    'export.figureSheet': figureSheet,
    'export.lens': lens,
  };
}
