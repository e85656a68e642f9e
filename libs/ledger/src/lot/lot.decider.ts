import { BUSINESS_TIMES, COUNT_KINDS } from '../registrant/registrant.events';
import { findLocation, type Registrant } from '../registrant/registrant.state';
import { isCalendarDate, localDate } from '../shared/calendar';
import { assertCustodyAct } from '../shared/custody-act';
import { isValidDeaNumber } from '../shared/dea-number';
import type { Decider } from '../shared/decider';
import { assertNotInFuture } from '../shared/entry-timing';
import { invalid, LedgerError } from '../shared/ledger-error';
import { ORDER_FORM_SCHEDULES, type Schedule } from '../shared/schedules';
import {
  LOT_COMMAND_RULES,
  type AdministerDose,
  type CorrectRecord,
  type DestroyStock,
  type DispenseDose,
  type LotCommand,
  type ReceiveLot,
  type RecordCountLines,
  type ReportLoss,
  type ReturnDose,
  type TransferStock,
  type WasteDose,
} from './lot.commands';
import type { LotEvent } from './lot.events';
import {
  evolveLot,
  initialLotState,
  outstanding,
  unitsAt,
  type Dispensation,
  type Lot,
  type LotState,
} from './lot.state';

export const PARTICIPANT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const notFound = (what: string) => new LedgerError('NOT_FOUND', `${what} not found.`);

function assertQuantity(value: number, field = 'quantity'): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw invalid(field, `${field} must be a whole number of dosage units greater than 0.`);
  }
}

function location(registrant: Registrant, locationId: string) {
  const found = findLocation(registrant, locationId);
  if (!found) throw notFound('Location');
  return found;
}

function assertApproved(registrant: Registrant, locationId: string, schedule: Schedule): void {
  const target = location(registrant, locationId);
  if (!target.approvedSchedules.includes(schedule)) {
    throw new LedgerError(
      'LOCATION_NOT_APPROVED',
      `Location "${target.name}" is not approved for schedule ${schedule}.`,
    );
  }
}

function assertStock(lot: Lot, registrant: Registrant, locationId: string, quantity: number): void {
  location(registrant, locationId);
  const available = unitsAt(lot, locationId);
  if (quantity > available) {
    throw new LedgerError('INSUFFICIENT_STOCK', `Only ${available} units of this lot are on hand at that location.`);
  }
}

/** The lot, if it exists and belongs to the registrant the command acts for; 404 otherwise. */
function existingLot(command: LotCommand, state: LotState): Lot {
  if (state.status !== 'received' || state.registrantId !== command.registrant.registrantId) throw notFound('Lot');
  assertCustodyAct(command.context, LOT_COMMAND_RULES[command.type], command.registrant);
  return state;
}

function openDispensation(lot: Lot, dispensationId: string, quantity: number): Dispensation {
  const dispensation = lot.dispensations[dispensationId];
  if (!dispensation) throw notFound('Dispensation');
  const remaining = outstanding(dispensation);
  if (remaining === 0) throw new LedgerError('DISPENSATION_CLOSED', 'Nothing is outstanding on this dispensation.');
  if (quantity > remaining) {
    throw new LedgerError('EXCEEDS_OUTSTANDING', `Only ${remaining} units of this dispensation are outstanding.`);
  }
  return dispensation;
}

function receive(command: ReceiveLot, state: LotState): LotEvent[] {
  const { registrant, data } = command;
  if (state.status !== 'none') throw new LedgerError('DUPLICATE', 'This lot is already recorded.');
  assertCustodyAct(command.context, LOT_COMMAND_RULES.ReceiveLot, registrant);
  assertQuantity(data.quantity);
  if (!Number.isSafeInteger(data.product.strengthUg) || data.product.strengthUg <= 0) {
    throw invalid('product.strengthMg', 'strengthMg must be greater than 0 with at most 3 decimals.');
  }
  if (!isCalendarDate(data.expiresOn)) throw invalid('expiresOn', 'expiresOn must be a date (YYYY-MM-DD).');
  if (data.invoiceDate != null && !isCalendarDate(data.invoiceDate)) {
    throw invalid('invoiceDate', 'invoiceDate must be a date (YYYY-MM-DD).');
  }
  if (!isValidDeaNumber(data.supplier.deaNumber)) {
    throw invalid('supplier.deaNumber', 'The supplier DEA number fails the DEA check digit.');
  }
  const schedule = data.product.schedule;
  if (!registrant.schedules.includes(schedule)) {
    throw new LedgerError('SCHEDULE_NOT_REGISTERED', `The registrant is not registered for schedule ${schedule}.`);
  }
  assertApproved(registrant, data.locationId, schedule);
  if (ORDER_FORM_SCHEDULES.includes(schedule) && !data.order?.number.trim()) {
    throw new LedgerError('ORDER_REQUIRED', `A schedule ${schedule} receipt needs its DEA Form 222 or CSOS order.`);
  }
  return [{ type: 'LotReceived', data: { ...data, registrantId: registrant.registrantId } }];
}

function transfer(command: TransferStock, state: LotState): LotEvent[] {
  const lot = existingLot(command, state);
  const { fromLocationId, toLocationId, quantity } = command.data;
  assertQuantity(quantity);
  if (fromLocationId === toLocationId) throw invalid('toLocationId', 'A transfer must move stock to another location.');
  assertApproved(command.registrant, toLocationId, lot.product.schedule);
  assertStock(lot, command.registrant, fromLocationId, quantity);
  return [{ type: 'StockTransferred', data: command.data }];
}

function dispense(command: DispenseDose, state: LotState): LotEvent[] {
  const lot = existingLot(command, state);
  const data = command.data;
  assertQuantity(data.quantity);
  if (!PARTICIPANT_ID_PATTERN.test(data.participantId)) {
    throw invalid('participantId', 'participantId must be a study code of 1–64 letters, digits, "-" or "_".');
  }
  if (!Number.isInteger(data.session) || data.session < 1 || data.session > 20) {
    throw invalid('session', 'session must be a whole number from 1 to 20.');
  }
  if (lot.dispensations[data.dispensationId])
    throw new LedgerError('DUPLICATE', 'This dispensation is already recorded.');
  if (localDate(command.context.occurredAt, command.registrant.timeZone) > lot.expiresOn) {
    throw new LedgerError('LOT_EXPIRED', `Lot ${lot.lotNumber} expired on ${lot.expiresOn}.`);
  }
  assertStock(lot, command.registrant, data.locationId, data.quantity);
  return [{ type: 'DoseDispensed', data }];
}

function administer(command: AdministerDose, state: LotState): LotEvent[] {
  const lot = existingLot(command, state);
  assertQuantity(command.data.quantity);
  openDispensation(lot, command.data.dispensationId, command.data.quantity);
  return [{ type: 'DoseAdministered', data: command.data }];
}

function returnDose(command: ReturnDose, state: LotState): LotEvent[] {
  const lot = existingLot(command, state);
  assertQuantity(command.data.quantity);
  openDispensation(lot, command.data.dispensationId, command.data.quantity);
  assertApproved(command.registrant, command.data.toLocationId, lot.product.schedule);
  return [{ type: 'DoseReturned', data: command.data }];
}

function waste(command: WasteDose, state: LotState): LotEvent[] {
  const lot = existingLot(command, state);
  assertQuantity(command.data.quantity);
  openDispensation(lot, command.data.dispensationId, command.data.quantity);
  return [{ type: 'DoseWasted', data: command.data }];
}

function destroy(command: DestroyStock, state: LotState): LotEvent[] {
  const lot = existingLot(command, state);
  assertQuantity(command.data.quantity);
  assertStock(lot, command.registrant, command.data.locationId, command.data.quantity);
  return [{ type: 'StockDestroyed', data: command.data }];
}

function reportLoss(command: ReportLoss, state: LotState): LotEvent[] {
  const lot = existingLot(command, state);
  const { quantity, discoveredAt, locationId } = command.data;
  assertQuantity(quantity);
  assertNotInFuture(discoveredAt, command.context.now, 'discoveredAt');
  if (Date.parse(discoveredAt) < Date.parse(command.context.occurredAt)) {
    throw invalid('discoveredAt', 'discoveredAt cannot lie before occurredAt.');
  }
  assertStock(lot, command.registrant, locationId, quantity);
  return [{ type: 'LossReported', data: command.data }];
}

function recordCount(command: RecordCountLines, state: LotState): LotEvent[] {
  const lot = existingLot(command, state);
  if (!COUNT_KINDS.includes(command.data.kind)) throw invalid('kind', 'Unknown inventory kind.');
  if (!BUSINESS_TIMES.includes(command.data.businessTime)) {
    throw invalid('businessTime', 'An inventory must say whether it was taken at OPENING or CLOSE of business.');
  }
  const seen = new Set<string>();
  const lines = command.data.lines.map((line, i) => {
    if (!Number.isSafeInteger(line.units) || line.units < 0) {
      throw invalid(`lines[${i}].units`, 'units must be an exact count: a whole number of dosage units, 0 or more.');
    }
    location(command.registrant, line.locationId);
    if (seen.has(line.locationId)) throw invalid(`lines[${i}]`, 'A location may appear once per lot in an inventory.');
    seen.add(line.locationId);
    return { ...line, bookUnits: unitsAt(lot, line.locationId) };
  });
  return [{ type: 'PhysicalCountRecorded', data: { ...command.data, lines } }];
}

/**
 * What a correction may name: a recorded movement or close-out. Not a count (a miscount is fixed
 * by counting again, not by moving the book) and not another correction (a wrong correction is
 * put right by correcting the original again), so every correction names the fact it fixes.
 */
const CORRECTABLE: readonly string[] = [
  'LotReceived',
  'StockTransferred',
  'DoseDispensed',
  'DoseAdministered',
  'DoseReturned',
  'DoseWasted',
  'StockDestroyed',
  'LossReported',
] satisfies LotEvent['type'][];

function correct(command: CorrectRecord, state: LotState): LotEvent[] {
  const lot = existingLot(command, state);
  const { correctionId, target, reason, adjustments } = command.data;
  if (!target) throw notFound('Event to correct');
  if (!CORRECTABLE.includes(target.type)) {
    throw invalid(
      'correctsEventId',
      target.type === 'CorrectionRecorded'
        ? 'A correction is not corrected in turn: correct the original event again.'
        : `A ${target.type} is not corrected; only recorded movements and close-outs are.`,
    );
  }
  if (!reason.trim()) throw invalid('reason', 'Say why the record is wrong.');
  if (adjustments.length === 0) {
    throw invalid('adjustments', 'Name the units the correction takes off or puts on the book.');
  }
  const seen = new Set<string>();
  adjustments.forEach(({ locationId, units }, i) => {
    if (!Number.isSafeInteger(units) || units === 0) {
      throw invalid(`adjustments[${i}].units`, 'units must be a whole number of dosage units other than 0.');
    }
    if (seen.has(locationId)) throw invalid(`adjustments[${i}]`, 'A location may appear once per correction.');
    seen.add(locationId);
    if (units > 0) assertApproved(command.registrant, locationId, lot.product.schedule);
    else assertStock(lot, command.registrant, locationId, -units);
  });
  return [
    {
      type: 'CorrectionRecorded',
      data: { correctionId, correctsEventId: target.eventId, correctsType: target.type, reason, adjustments },
    },
  ];
}

export function decideLot(command: LotCommand, state: LotState): LotEvent[] {
  switch (command.type) {
    case 'ReceiveLot':
      return receive(command, state);
    case 'TransferStock':
      return transfer(command, state);
    case 'DispenseDose':
      return dispense(command, state);
    case 'AdministerDose':
      return administer(command, state);
    case 'ReturnDose':
      return returnDose(command, state);
    case 'WasteDose':
      return waste(command, state);
    case 'DestroyStock':
      return destroy(command, state);
    case 'ReportLoss':
      return reportLoss(command, state);
    case 'RecordCountLines':
      return recordCount(command, state);
    case 'CorrectRecord':
      return correct(command, state);
  }
}

export const lotDecider: Decider<LotCommand, LotEvent, LotState> = {
  initialState: initialLotState,
  evolve: evolveLot,
  decide: decideLot,
};
