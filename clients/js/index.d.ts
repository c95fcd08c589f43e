// Types of @chatplatform/client (index.js). The wire format is docs/protocol.md; ids are opaque JSON values.

export type Id = number | string;
export type State = 'connecting' | 'open' | 'offline';

export interface ClientOptions {
  /** ws(s)://host/ws/chat; in a browser a path ('/ws/chat') is resolved against the page. */
  url: string;
  /** A JWT. Without getToken it cannot be refreshed: the socket closes at its exp and the client stops. */
  token?: string;
  /** Asked before every connection and before the token expires (REFRESH). */
  getToken?: () => string | Promise<string>;
  /** A label such as 'web', 'ios', 'node' (sent with INIT / the query). */
  device?: string;
  /** A WebSocket constructor, when there is no global one (Node 20 without --experimental-websocket: the "ws" package). */
  WebSocket?: new (url: string, protocols?: string | string[]) => WebSocketLike;
  /** How the token goes: as a subprotocol (default), as ?access_token=, or in an INIT frame. */
  auth?: 'subprotocol' | 'query' | 'init';
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A source of [0, 1) numbers for the backoff's jitter (default Math.random). */
  random?: () => number;
  heartbeatMs?: number;
  readyTimeoutMs?: number;
  refreshBeforeMs?: number;
  ackTimeoutMs?: number;
  opTimeoutMs?: number;
  pageSize?: number;
  /** At most this many SENDs unanswered at once (default 64); RATE_LIMITED starts it over at one, and from
   *  then on each ACK widens it by one. */
  maxInFlight?: number;
  /**
   * A SEND or EDIT frame longer than this is refused at once with TOO_LARGE (default 65536, the server's
   * chat.ws.max-frame-size). Despite the name, the unit is the server's: characters (UTF-16 code units) of the frame's
   * JSON text, not UTF-8 bytes.
   */
  maxFrameBytes?: number;
  /** setTimeout/clearTimeout to use (tests). */
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  /** React to the browser's online/offline/visibilitychange events (default true). */
  watchBrowser?: boolean;
}

export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface Frame { type: string; roomId?: Id; rev?: number; [key: string]: unknown }

export interface Ack { type: 'ACK'; roomId: Id; clientMsgId: string; messageId: Id; seq: number }
export interface Ready { type: 'READY'; userId: string; sessionId: string; expiresAt?: string }
export interface Reaction { emoji: string; count: number; me?: boolean }
export interface Message extends Frame {
  type: 'MESSAGE'; roomId: Id; messageId: Id; seq: number; senderId: string; clientMsgId?: string; body: string;
  sentAt: string; rev?: number; threadId?: Id; attributes?: Record<string, unknown>; editedAt?: string;
  deleted?: boolean; reactions?: Reaction[]; replyCount?: number;
}
export interface ServerError extends Frame { type: 'ERROR'; code: string; message: string; ref?: string; retryAfterMs?: number }
export interface StateEvent { state: State; reason?: string; retryInMs?: number; attempt?: number; code?: number; final?: boolean; reconnected?: boolean }
export interface Gap { roomId: Id; afterRev?: number; rev?: number; afterSeq?: number; seq?: number }
/** Second argument of room change events: replayed = it came from a CHANGES (or HISTORY) page, not live. */
export interface ChangeInfo { replayed: boolean }

export interface EventMap {
  state: [StateEvent];
  gap: [Gap];
  error: [ServerError | ChatError];
  ready: [Ready, { reconnected: boolean }];
  ack: [Ack];
  message: [Message, ChangeInfo];
  message_updated: [Frame, ChangeInfo];
  message_deleted: [Frame, ChangeInfo];
  reaction: [Frame, ChangeInfo];
  thread_updated: [Frame, ChangeInfo];
  member_joined: [Frame, ChangeInfo];
  member_updated: [Frame, ChangeInfo];
  member_left: [Frame, ChangeInfo];
  room_updated: [Frame, ChangeInfo];
  changes: [Frame];
  history: [Frame];
  refreshed: [Frame];
  typing: [Frame];
  read: [Frame];
  presence: [Frame];
  room_created: [Frame];
  room_deleted: [Frame];
  /** A followed room can no longer be read (removed from it, or it was deleted, while away): it is no longer followed. */
  room_lost: [{ roomId: Id; code: string; message?: string }];
  announcement: [Frame];
}

export declare const CHANGE_TYPES: readonly string[];
export declare const PROTOCOL: string;

export declare class ChatError extends Error {
  constructor(code: string, message?: string, frame?: unknown);
  /** A server code (protocol.md §10.2) or OFFLINE, TIMEOUT, DISCONNECTED, CLOSED, UNAUTHORIZED, HANDLER. */
  code: string;
  frame?: unknown;
}

export declare class ChatClient {
  constructor(options: ClientOptions);
  readonly state: State;
  /** The user of the session, from READY. */
  readonly userId: string | null;
  connect(): Promise<Ready>;
  close(): void;
  on<K extends keyof EventMap>(type: K, fn: (...args: EventMap[K]) => void): () => void;
  on(type: string, fn: (frame: any, info?: any) => void): () => void;
  on(type: '*', fn: (type: string, payload: any, info?: any) => void): () => void;
  off(type: string, fn: (...args: any[]) => void): void;
  send(roomId: Id, body: string, options?: { threadId?: Id; attributes?: Record<string, unknown>; clientMsgId?: string }): Promise<Ack> & { clientMsgId: string };
  pending(): Frame[];
  sync(roomId: Id, from?: { afterRev?: number; afterSeq?: number }): boolean;
  follow(roomId: Id, rev: number): void;
  forget(roomId: Id): void;
  rev(roomId: Id): number | null;
  read(roomId: Id, seq: number): boolean;
  typing(roomId: Id): boolean;
  react(roomId: Id, messageId: Id, emoji: string): boolean;
  unreact(roomId: Id, messageId: Id, emoji: string): boolean;
  edit(roomId: Id, messageId: Id, body: string): Promise<Frame>;
  delete(roomId: Id, messageId: Id): Promise<Frame>;
  sendFrame(frame: Frame): boolean;
  drop(): void;
  setOffline(offline: boolean): void;
}

export interface ConnectionOptions {
  url: string;
  token?: string;
  getToken?: () => string | Promise<string>;
  device?: string;
  WebSocket?: ClientOptions['WebSocket'];
  onFrame?: (frame: Frame) => void;
  onReady?: (frame: Ready, reconnected: boolean) => void;
  onState?: (state: State, detail: Omit<StateEvent, 'state'>) => void;
  baseDelay?: number;
  maxDelay?: number;
  random?: () => number;
  heartbeatMs?: number;
  readyTimeoutMs?: number;
  refreshBeforeMs?: number;
  auth?: ClientOptions['auth'];
  timers?: ClientOptions['timers'];
  watchBrowser?: boolean;
}

/** The managed socket under ChatClient, usable on its own for /ws/notify and /ws/crowd/location. */
export declare class Connection {
  constructor(options: ConnectionOptions);
  readonly state: State;
  readonly ready: boolean;
  readonly everReady: boolean;
  start(): void;
  stop(): void;
  send(frame: Frame): boolean;
  reconnectNow(): void;
  drop(): void;
  hold(offline: boolean): void;
}

export declare class RoomOrder {
  constructor(options: { deliver(frame: Frame, replayed: boolean): void; send(frame: Frame): boolean; onGap?(gap: Gap): void; pageSize?: number });
}

export declare function backoffDelay(attempt: number, options?: { baseMs?: number; maxMs?: number; random?: () => number }): number;
export declare function tokenExpiry(token: string): number | null;
export declare function base64url(text: string): string;

export default ChatClient;
