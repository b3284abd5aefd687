/**
 * The subset of Telegram Bot API objects the emulator produces and accepts.
 * Field names follow the Bot API (snake_case) so that JSON round-trips untouched;
 * the `Tg` prefix keeps them apart from grammY's own types in consumers.
 */

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TgBotUser extends TgUser {
  is_bot: true;
  username: string;
  can_join_groups: boolean;
  can_read_all_group_messages: boolean;
  supports_inline_queries: boolean;
  can_connect_to_business: boolean;
  has_main_web_app: boolean;
}

export interface TgChat {
  id: number;
  type: 'private';
  first_name: string;
  last_name?: string;
  username?: string;
}

export interface TgMessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  user?: TgUser;
  custom_emoji_id?: string;
}

export interface TgPhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size: number;
}

/** Shape shared by document, video, audio, voice, animation and sticker objects. */
export interface TgFileObject {
  file_id: string;
  file_unique_id: string;
  file_size: number;
  file_name?: string;
  mime_type?: string;
  width?: number;
  height?: number;
  duration?: number;
  length?: number;
  type?: string;
  is_animated?: boolean;
  is_video?: boolean;
}

export interface TgContact {
  phone_number: string;
  first_name: string;
  last_name?: string;
  user_id?: number;
  vcard?: string;
}

export interface TgLocation {
  latitude: number;
  longitude: number;
  horizontal_accuracy?: number;
}

export interface TgInlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [other: string]: unknown;
}

export interface TgInlineKeyboardMarkup {
  inline_keyboard: TgInlineKeyboardButton[][];
}

export interface TgKeyboardButton {
  text: string;
  request_contact?: boolean;
  request_location?: boolean;
  [other: string]: unknown;
}

export interface TgReplyKeyboardMarkup {
  keyboard: TgKeyboardButton[][];
  is_persistent?: boolean;
  resize_keyboard?: boolean;
  one_time_keyboard?: boolean;
  input_field_placeholder?: string;
  selective?: boolean;
}

export interface TgReplyKeyboardRemove {
  remove_keyboard: true;
  selective?: boolean;
}

export interface TgForceReply {
  force_reply: true;
  input_field_placeholder?: string;
  selective?: boolean;
}

export type TgReplyMarkup = TgInlineKeyboardMarkup | TgReplyKeyboardMarkup | TgReplyKeyboardRemove | TgForceReply;

export interface TgMessage {
  message_id: number;
  from: TgUser;
  chat: TgChat;
  date: number;
  edit_date?: number;
  text?: string;
  entities?: TgMessageEntity[];
  caption?: string;
  caption_entities?: TgMessageEntity[];
  photo?: TgPhotoSize[];
  document?: TgFileObject;
  video?: TgFileObject;
  audio?: TgFileObject;
  voice?: TgFileObject;
  animation?: TgFileObject;
  sticker?: TgFileObject;
  video_note?: TgFileObject;
  contact?: TgContact;
  location?: TgLocation;
  media_group_id?: string;
  reply_to_message?: TgMessage;
  reply_markup?: TgInlineKeyboardMarkup;
  forward_origin?: { type: 'user'; date: number; sender_user: TgUser };
  has_protected_content?: true;
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  message?: TgMessage;
  chat_instance: string;
  data?: string;
}

export interface TgChatMemberUpdated {
  chat: TgChat;
  from: TgUser;
  date: number;
  old_chat_member: { status: string; user: TgUser };
  new_chat_member: { status: string; user: TgUser; until_date?: number };
}

export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  edited_message?: TgMessage;
  callback_query?: TgCallbackQuery;
  my_chat_member?: TgChatMemberUpdated;
}

export interface TgBotCommand {
  command: string;
  description: string;
}

export interface TgFile {
  file_id: string;
  file_unique_id: string;
  file_size: number;
  file_path?: string;
}

export interface TgWebhookInfo {
  url: string;
  has_custom_certificate: boolean;
  pending_update_count: number;
  ip_address?: string;
  last_error_date?: number;
  last_error_message?: string;
  last_synchronization_error_date?: number;
  max_connections?: number;
  allowed_updates?: string[];
}

export interface TgResponseParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

export type TgApiResponse<T = unknown> =
  | { ok: true; result: T; description?: string }
  | { ok: false; error_code: number; description: string; parameters?: TgResponseParameters };
