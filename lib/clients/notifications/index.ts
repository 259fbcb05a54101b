export type { NotificationShare, ReceivedNotification } from "./envelope.js";
export { unwrap } from "./envelope.js";
export {
  describeNotification,
  type ListenerOptions,
  NotificationBusError,
  NotificationListener,
  NotificationTimeoutError,
  type WaitOptions,
} from "./listener.js";
export {
  type AmqpEndpoint,
  describeEndpoint,
  maskTransportUrl,
  parseTransportUrl,
  TransportUrlError,
} from "./transport-url.js";
