import { spec } from '../testing/decider-spec';
import { COMPLIANCE_OFFICER, NOW, PHARMACIST, REGISTRANT_ID, OTHER_REGISTRANT_ID, signer } from '../testing/fixtures';
import { reconciliationDecider, type ReconciliationSigned, type SignReconciliation } from './reconciliation.decider';

const data = (overrides: Partial<ReconciliationSigned['data']> = {}): ReconciliationSigned['data'] => ({
  reconciliationId: '7f1e2d3c-4b5a-4968-8776-a5b4c3d2e101',
  registrantId: REGISTRANT_ID,
  from: '2026-02-01T05:00:00.000Z',
  to: '2026-03-01T05:00:00.000Z',
  figuresHash: 'a'.repeat(64),
  figures: { lines: [] },
  ...overrides,
});

const sign = (overrides: Partial<SignReconciliation> = {}): SignReconciliation => ({
  type: 'SignReconciliation',
  data: data(),
  signer: signer(COMPLIANCE_OFFICER),
  now: NOW,
  ...overrides,
});

describe('reconciliation decider', () => {
  describe('when the period is not signed yet', () => {
    it('records the signed figures and their hash', () => {
      spec(reconciliationDecider)
        .given()
        .when(sign())
        .then([{ type: 'ReconciliationSigned', data: data() }]);
    });

    it('lets only a compliance officer sign (403)', () => {
      spec(reconciliationDecider)
        .given()
        .when(sign({ signer: signer(PHARMACIST) }))
        .thenThrows('FORBIDDEN');
    });

    it('refuses a wrong signature password', () => {
      spec(reconciliationDecider)
        .given()
        .when(sign({ signer: signer(COMPLIANCE_OFFICER, false) }))
        .thenThrows('SIGNATURE_INVALID');
    });

    it("answers 404 for another registrant's figures", () => {
      spec(reconciliationDecider)
        .given()
        .when(sign({ data: data({ registrantId: OTHER_REGISTRANT_ID }) }))
        .thenThrows('NOT_FOUND');
    });

    it('refuses a period that ends before it starts', () => {
      spec(reconciliationDecider)
        .given()
        .when(sign({ data: data({ from: '2026-03-01T05:00:00.000Z', to: '2026-02-01T05:00:00.000Z' }) }))
        .thenThrows('VALIDATION_FAILED');
    });

    it('refuses a period that has not ended yet', () => {
      spec(reconciliationDecider)
        .given()
        .when(sign({ data: data({ to: '2026-03-03T00:00:00.000Z' }) }))
        .thenThrows('OCCURRED_IN_FUTURE');
    });
  });

  describe('when it is already signed', () => {
    it('refuses a second signature on the same record', () => {
      spec(reconciliationDecider)
        .given({ type: 'ReconciliationSigned', data: data() })
        .when(sign())
        .thenThrows('DUPLICATE');
    });
  });
});
