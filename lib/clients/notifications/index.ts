export type { NotificationShare, ReceivedNotification } from "./envelope.js";
export { unwrap } from "./envelope.js";
export { type ListenerOptions, NotificationListener } from "./listener.js";
export {
  describeNotification,
  NotificationBusError,
  NotificationStore,
  NotificationTimeoutError,
  type WaitOptions,
} from "./store.js";
export {
  type AmqpEndpoint,
  describeEndpoint,
  maskTransportUrl,
  parseTransportUrl,
  TransportUrlError,
} from "./transport-url.js";
