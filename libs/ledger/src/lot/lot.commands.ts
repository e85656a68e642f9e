import { INVENTORY_ROLES } from '../registrant/registrant.decider';
import type { Registrant } from '../registrant/registrant.state';
import type { CustodyActRules, SignedContext } from '../shared/custody-act';
import type {
  CorrectionRecorded,
  DoseAdministered,
  DoseDispensed,
  DoseReturned,
  DoseWasted,
  LossReported,
  LotReceived,
  PhysicalCountRecorded,
  StockDestroyed,
  StockTransferred,
} from './lot.events';

/** Every lot command is signed, and carries the registrant as it stood when it was decided. */
type LotCommandOf<Type extends string, Data> = {
  type: Type;
  data: Data;
  context: SignedContext;
  registrant: Registrant;
};

export type ReceiveLot = LotCommandOf<'ReceiveLot', Omit<LotReceived['data'], 'registrantId'>>;
export type TransferStock = LotCommandOf<'TransferStock', StockTransferred['data']>;
export type DispenseDose = LotCommandOf<'DispenseDose', DoseDispensed['data']>;
export type AdministerDose = LotCommandOf<'AdministerDose', DoseAdministered['data']>;
export type ReturnDose = LotCommandOf<'ReturnDose', DoseReturned['data']>;
export type WasteDose = LotCommandOf<'WasteDose', DoseWasted['data']>;
export type DestroyStock = LotCommandOf<'DestroyStock', StockDestroyed['data']>;
export type ReportLoss = LotCommandOf<'ReportLoss', LossReported['data']>;
export type RecordCountLines = LotCommandOf<
  'RecordCountLines',
  Omit<PhysicalCountRecorded['data'], 'lines'> & { lines: { locationId: string; units: number }[] }
>;

/** The event a correction names, as the edge found it in the lot's own stream. */
export interface CorrectionTarget {
  eventId: string;
  type: string;
}

/**
 * The decider sees facts, not their ids, so the edge looks the corrected event up in the lot's
 * stream and passes what it found: `target` is null when the lot holds no event of that id.
 */
export type CorrectRecord = LotCommandOf<
  'CorrectRecord',
  Omit<CorrectionRecorded['data'], 'correctsEventId' | 'correctsType'> & { target: CorrectionTarget | null }
>;

export type LotCommand =
  | ReceiveLot
  | TransferStock
  | DispenseDose
  | AdministerDose
  | ReturnDose
  | WasteDose
  | DestroyStock
  | ReportLoss
  | RecordCountLines
  | CorrectRecord;

/** Who may do what, and how many second persons must witness it (api-contract.md, section 3). */
export const LOT_COMMAND_RULES: Record<LotCommand['type'], CustodyActRules> = {
  ReceiveLot: { roles: ['PHARMACIST'], witnesses: 0 },
  TransferStock: { roles: ['PHARMACIST'], witnesses: 1 },
  DispenseDose: { roles: ['PHARMACIST'], witnesses: 0 },
  AdministerDose: { roles: ['INVESTIGATOR'], witnesses: 0 },
  ReturnDose: { roles: ['PHARMACIST', 'INVESTIGATOR'], witnesses: 1 },
  WasteDose: { roles: ['PHARMACIST', 'INVESTIGATOR'], witnesses: 1 },
  DestroyStock: { roles: ['PHARMACIST', 'COMPLIANCE_OFFICER'], witnesses: 1 },
  ReportLoss: { roles: ['PHARMACIST', 'COMPLIANCE_OFFICER'], witnesses: 0 },
  RecordCountLines: { roles: INVENTORY_ROLES, witnesses: 1 },
  CorrectRecord: { roles: ['COMPLIANCE_OFFICER'], witnesses: 1 },
};
