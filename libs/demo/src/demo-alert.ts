import {
  type AlertRule,
  ruleDraftSchema,
  AlertRuleRepository,
  WebhookEndpointRepository,
  generateWebhookSecret,
} from '../../alerts/src/index.js';
import type { Database } from '../../db/src/index.js';

export const DEMO_RULE_NAME = 'Demo: busy day for Russia–China coverage';
const RECEIVER_DESCRIPTION = 'stancewatch demo receiver';

/** Where the demo's receiver listens: the port after the feeds', so the endpoint's URL stays the same. */
export function demoReceiverUrl(port: number): string {
  return `http://127.0.0.1:${port}/webhook`;
}

export interface DemoAlert {
  rule: AlertRule;
  endpointId: number;
  /** The endpoint's signing secret, which the receiver verifies deliveries with. */
  secret: string;
}

/**
 * A webhook endpoint pointing at the demo receiver and a rule that fires on the demo data within a
 * minute: more than 20 scored articles in 24 hours (the demo feeds publish several an hour). Made
 * once; running the demo again finds them by the receiver's URL and the rule's name.
 */
export async function setUpDemoAlert(
  db: Database,
  receiverUrl: string,
  lens: { name: string; names: string[] },
): Promise<DemoAlert> {
  const endpoint = await demoEndpoint(new WebhookEndpointRepository(db), receiverUrl);
  const rules = new AlertRuleRepository(db);
  const rule =
    (await rules.list()).find((candidate) => candidate.name === DEMO_RULE_NAME) ??
    (await rules.create(
      ruleDraftSchema(lens.names).parse({
        name: DEMO_RULE_NAME,
        lens: lens.name,
        kind: 'metric',
        metric: 'volume',
        windowMinutes: 24 * 60,
        condition: 'threshold',
        operator: 'above',
        value: 20,
        // While it stays busy, say so again every ten minutes, so a restarted demo shows a delivery soon.
        repeatIntervalMinutes: 10,
      }),
    ));
  return { rule, endpointId: endpoint.id, secret: endpoint.secret };
}

async function demoEndpoint(
  endpoints: WebhookEndpointRepository,
  url: string,
): Promise<{ id: number; secret: string }> {
  const known = (await endpoints.list()).find((endpoint) => endpoint.url === url);
  const secret = known ? await endpoints.signingSecret(known.id) : null;
  if (known && secret) {
    if (!known.enabled) await endpoints.update(known.id, { enabled: true });
    return { id: known.id, secret };
  }
  const fresh = generateWebhookSecret();
  const created = await endpoints.create(
    { url, description: RECEIVER_DESCRIPTION, eventTypes: [], slack: false },
    fresh,
  );
  return { id: created.id, secret: fresh };
}
