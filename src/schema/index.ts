import { builder } from '../builder.ts';
import './address.ts';
import './attachment.ts';
import './customer/type.ts';
import './customer/queries.ts';
import './customer/mutations.ts';
import './customer/tags.ts';
import './customer/anonymization.ts';
import './customer/metadata.ts';
import './customer/password-reset.ts';
import './customer/live.ts';
import './customer-address.ts';
import './customer-group.ts';
import './customer-payment-source.ts';
import './customer-subscription.ts';
import './event.ts';
import './event-store.ts';
import { withSafeEntities } from './federation.ts';
import './market.ts';
import { withSyncNodeIds } from './node.ts';
import './order.ts';
import './order-subscription.ts';
import './return.ts';
import './sku-list.ts';
import './stock-location.ts';
import './tag.ts';

/** An Apollo Federation v2 subgraph schema (`_service`, `_entities`); see `federation.ts`. */
export const schema = withSyncNodeIds(
  withSafeEntities(
    builder.toSubGraphSchema({
      linkUrl: 'https://specs.apollo.dev/federation/v2.6',
    }),
  ),
);
