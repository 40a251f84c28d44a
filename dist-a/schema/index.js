import { builder } from "../builder.js";
import "./address.js";
import "./attachment.js";
import "./customer/type.js";
import "./customer/queries.js";
import "./customer/mutations.js";
import "./customer/tags.js";
import "./customer/anonymization.js";
import "./customer/metadata.js";
import "./customer/password-reset.js";
import "./customer/live.js";
import "./customer-address.js";
import "./customer-group.js";
import "./customer-payment-source.js";
import "./customer-subscription.js";
import "./event.js";
import "./event-store.js";
import { withSafeEntities } from "./federation.js";
import "./market.js";
import "./node.js";
import "./order.js";
import "./order-subscription.js";
import "./return.js";
import "./sku-list.js";
import "./stock-location.js";
import "./tag.js";
/** An Apollo Federation v2 subgraph schema (`_service`, `_entities`); see `federation.ts`. */
export const schema = withSafeEntities(builder.toSubGraphSchema({
    linkUrl: 'https://specs.apollo.dev/federation/v2.6',
}));
//# sourceMappingURL=index.js.map