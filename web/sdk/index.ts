// Swarmcast client SDK. See docs/web.md.
export { connect, wsBase, httpBase } from './client';
export type { Connection, ConnectOptions, ConnectionEvents, ConnectionStats, Frame } from './client';
export { createDecoder, simdSupported, JsDecoder, WasmDecoder, decodeJs, q16Scale } from './decoder';
export type { DecodedFrame, DecoderKind, FrameDecoder } from './decoder';
export { readHeader, subscribeMessage, inputMessage, reportMessage, MSG, VERSION, DEAD, CODEC_Q16, FRAME_HEADER_BYTES } from './protocol';
export type { Ack, FrameHeader, Hello, Mode, ServerError, Status } from './protocol';
export { Api, ApiError } from './api';
export type { CampaignStatus, Preset } from './api';
