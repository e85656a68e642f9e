import { spec } from '../testing/decider-spec';
import { REGISTRANT_ID } from '../testing/fixtures';
import { exportDecider, type ExportGenerated, type RecordExport } from './export.decider';

const data = (overrides: Partial<ExportGenerated['data']> = {}): ExportGenerated['data'] => ({
  exportId: '5b0c7e1a-2d3f-5a4b-8c6d-7e8f9a0b1c2d',
  registrantId: REGISTRANT_ID,
  from: '2026-10-01',
  to: '2026-11-01',
  startsAt: '2026-10-01T04:00:00.000Z',
  endsAt: '2026-11-01T04:00:00.000Z',
  manifestSha256: 'ab'.repeat(32),
  keyId: '0123456789abcdef',
  generatedAt: '2026-11-01T06:00:00.000Z',
  events: 120,
  files: ['transactions.csv'],
  requestedBy: 'SCHEDULE',
  ...overrides,
});

const record = (overrides: Partial<ExportGenerated['data']> = {}): RecordExport => ({
  type: 'RecordExport',
  data: data(overrides),
});

describe('export decider', () => {
  it('records the first bundle of a period', () => {
    spec(exportDecider)
      .given()
      .when(record())
      .then([{ type: 'ExportGenerated', data: data() }]);
  });

  it('adds nothing when the period was already exported, whatever the second bundle says', () => {
    spec(exportDecider)
      .given({ type: 'ExportGenerated', data: data() })
      .when(record({ manifestSha256: 'cd'.repeat(32), generatedAt: '2026-11-02T06:00:00.000Z' }))
      .then([]);
  });

  it('refuses a period that ends before it starts', () => {
    spec(exportDecider)
      .given()
      .when(record({ startsAt: '2026-11-01T04:00:00.000Z', endsAt: '2026-10-01T04:00:00.000Z' }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('refuses a period that has not ended when the bundle is generated', () => {
    spec(exportDecider)
      .given()
      .when(record({ generatedAt: '2026-10-31T23:00:00.000Z' }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('refuses a manifest hash that is not a SHA-256 digest', () => {
    spec(exportDecider)
      .given()
      .when(record({ manifestSha256: 'not-a-hash' }))
      .thenThrows('VALIDATION_FAILED');
  });
});
