import { PeriodQuery } from '../reports/report.dto';

/** The period to export, [from, to); it must have ended. */
export class RequestExportRequest extends PeriodQuery {}
