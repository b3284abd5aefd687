/** The parts of the Chat Completions wire format the emulator reads and writes. */

export interface ChatToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

export type ChatContentPart =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image_url'; readonly image_url: { readonly url: string; readonly detail?: string } };

export type ChatMessage =
  | { readonly role: 'system' | 'developer'; readonly content: string | readonly ChatContentPart[] }
  | { readonly role: 'user'; readonly content: string | readonly ChatContentPart[] }
  | { readonly role: 'assistant'; readonly content: string | null; readonly tool_calls?: readonly ChatToolCall[] }
  | { readonly role: 'tool'; readonly tool_call_id: string; readonly content: string };

export interface ChatTool {
  readonly type: 'function';
  readonly function: { readonly name: string; readonly description?: string; readonly parameters?: unknown };
}

export interface ChatCompletionRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ChatTool[];
  readonly tool_choice?: unknown;
  readonly response_format?: { readonly type: string };
  readonly max_tokens?: number;
  readonly max_completion_tokens?: number;
  readonly temperature?: number;
  readonly user?: string;
  readonly stream?: boolean;
}

/** An image a request carried, decoded from its data: URL (or its remote URL, not fetched). */
export interface RecordedImage {
  readonly url: string;
  readonly mimeType: string | null;
  readonly bytes: Uint8Array | null;
}

/** A tool result the client sent back: the `tool` message and the call it answers. */
export interface RecordedToolResult {
  readonly toolCallId: string;
  readonly name: string | null;
  readonly arguments: string | null;
  readonly content: string;
}

/** One request as the emulator received it. */
export interface RecordedChatRequest {
  readonly body: ChatCompletionRequest;
  readonly model: string;
  /** The bearer token presented (tests check the key travelled; never logged). */
  readonly apiKey: string | null;
  readonly toolNames: readonly string[];
  readonly toolResults: readonly RecordedToolResult[];
  readonly images: readonly RecordedImage[];
  /** The text of the last user message. */
  readonly lastUserText: string;
  /** How it was answered: an HTTP status. */
  status: number;
}

/** What the scripted model answers to one request. */
export type ScriptedReply =
  | { readonly text: string; readonly finishReason?: 'stop' | 'length' | 'content_filter' }
  | { readonly toolCalls: readonly { readonly name: string; readonly arguments: unknown; readonly id?: string }[]; readonly text?: string }
  /** A JSON object as the content (for `response_format: json_object`). */
  | { readonly json: unknown }
  /** An HTTP error the way the API sends it. */
  | { readonly error: 429; readonly retryAfterSeconds?: number }
  | { readonly error: 500 | 502 | 503 }
  | { readonly error: 400; readonly message: string };

/** A model: decides the reply to each request; may look at everything the request carries. */
export type ModelResponder = (request: RecordedChatRequest) => ScriptedReply | Promise<ScriptedReply>;
