/**
 * The browser chat page served at GET /chat: one self-contained document
 * (inline CSS and JS, no external assets) that talks to /chat/api/*.
 *
 * Safety: message bodies arrive as server-rendered HTML in which every text
 * character is escaped and only b/i/u/s/code/pre/blockquote/a(http, https,
 * tg, mailto) and the spoiler span occur; everything else (names, labels,
 * file names, notices) is inserted with textContent.
 *
 * Kept as String.raw so the inline script's backslashes survive; it must
 * contain no template placeholders.
 */
// biome-ignore lint/complexity/noUselessStringRaw: a backslash added to the inline script must reach the browser as written.
export const CHAT_PAGE_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light">
<title>Telegram chat — Mostrador emulator</title>
<style>
:root {
  --header: #517da2;
  --header-text: #fff;
  --accent: #3390ec;
  --bubble-in: #ffffff;
  --bubble-out: #effdde;
  --meta-in: #a0acb6;
  --meta-out: #5dae57;
  --text: #000;
  --link: #168acd;
  --shadow: 0 1px 2px rgba(16, 35, 47, .15);
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { height: 100%; margin: 0; }
body {
  font: 15px/1.38 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--text);
  background: #8fb3c9;
  display: flex;
  justify-content: center;
}
.app {
  position: relative;
  display: flex;
  flex-direction: column;
  width: 100%;
  max-width: 780px;
  height: 100vh;
  height: 100dvh;
  background-color: #c4d9a8;
  background-image:
    radial-gradient(circle at 18% 22%, rgba(255, 255, 255, .28) 0 2px, transparent 3px),
    radial-gradient(circle at 72% 64%, rgba(255, 255, 255, .22) 0 2px, transparent 3px),
    linear-gradient(155deg, #d6e6b4 0%, #b5d29c 45%, #8fbf9a 100%);
  background-size: 46px 46px, 58px 58px, 100% 100%;
  box-shadow: 0 0 24px rgba(0, 0, 0, .18);
}
header {
  display: flex;
  align-items: center;
  gap: 12px;
  padding: 8px 10px 8px 14px;
  background: var(--header);
  color: var(--header-text);
  min-height: 56px;
  z-index: 2;
  box-shadow: 0 1px 3px rgba(0, 0, 0, .2);
}
.avatar {
  flex: none;
  width: 40px;
  height: 40px;
  border-radius: 50%;
  display: grid;
  place-items: center;
  font-weight: 600;
  font-size: 17px;
  color: #fff;
  background: linear-gradient(180deg, #72d5fd, #2a9ef1);
}
.title { flex: 1; min-width: 0; }
.title .name { font-weight: 600; font-size: 16px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.title .status { font-size: 13px; opacity: .8; white-space: nowrap; }
.title .status.active { opacity: 1; color: #d9f1ff; }
.tools { display: flex; align-items: center; gap: 6px; }
.tools select {
  font: inherit;
  font-size: 13px;
  color: #fff;
  background: rgba(255, 255, 255, .16);
  border: 0;
  border-radius: 8px;
  padding: 5px 6px;
  cursor: pointer;
}
.tools select option { color: #000; }
.icon-btn {
  display: grid;
  place-items: center;
  width: 36px;
  height: 36px;
  border: 0;
  border-radius: 50%;
  background: transparent;
  color: inherit;
  cursor: pointer;
}
.icon-btn:hover { background: rgba(255, 255, 255, .14); }
.icon-btn svg { width: 22px; height: 22px; fill: currentColor; }
.menu {
  position: absolute;
  top: 54px;
  right: 10px;
  min-width: 180px;
  padding: 6px 0;
  background: #fff;
  border-radius: 10px;
  box-shadow: 0 4px 18px rgba(0, 0, 0, .22);
  z-index: 5;
}
.menu button {
  display: block;
  width: 100%;
  padding: 10px 16px;
  border: 0;
  background: none;
  font: inherit;
  text-align: left;
  cursor: pointer;
}
.menu button:hover { background: #f1f1f1; }
.menu .danger { color: #e53935; }
#messages {
  flex: 1;
  overflow-y: auto;
  padding: 10px 12px 12px;
  display: flex;
  flex-direction: column;
  gap: 3px;
  scroll-behavior: smooth;
}
.day {
  align-self: center;
  margin: 8px 0 6px;
  padding: 3px 10px;
  border-radius: 12px;
  font-size: 13px;
  font-weight: 500;
  color: #fff;
  background: rgba(0, 0, 0, .22);
}
.row { display: flex; }
.row.user { justify-content: flex-end; }
.wrap { max-width: min(82%, 520px); display: flex; flex-direction: column; }
.row.user .wrap { align-items: flex-end; }
.bubble {
  position: relative;
  padding: 6px 9px 7px 10px;
  border-radius: 14px;
  background: var(--bubble-in);
  box-shadow: var(--shadow);
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  min-width: 64px;
}
.row.bot .bubble { border-bottom-left-radius: 5px; }
.row.user .bubble { background: var(--bubble-out); border-bottom-right-radius: 5px; }
.bubble.media { padding: 3px; }
.bubble.media .text { padding: 4px 6px 2px; }
.text a { color: var(--link); text-decoration: none; }
.text a:hover { text-decoration: underline; }
.text code { font: 13.5px/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #c7254e; background: rgba(0, 0, 0, .05); padding: 0 3px; border-radius: 4px; }
.text pre {
  margin: 4px 0;
  padding: 6px 8px;
  font: 13.5px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  white-space: pre-wrap;
  background: rgba(0, 0, 0, .05);
  border-radius: 6px;
}
.text blockquote { margin: 3px 0; padding: 2px 8px; border-left: 3px solid var(--accent); background: rgba(51, 144, 236, .08); border-radius: 4px; }
.tg-spoiler { background: #b7c0c7; color: transparent; border-radius: 4px; cursor: pointer; transition: all .2s; }
.tg-spoiler.revealed { background: rgba(0, 0, 0, .06); color: inherit; }
.meta {
  float: right;
  position: relative;
  top: 6px;
  margin-left: 10px;
  font-size: 12px;
  line-height: 1;
  color: var(--meta-in);
  white-space: nowrap;
  user-select: none;
}
.row.user .meta { color: var(--meta-out); }
.bubble.media.no-text .meta {
  position: absolute;
  right: 8px;
  bottom: 8px;
  top: auto;
  padding: 3px 6px;
  border-radius: 10px;
  color: #fff;
  background: rgba(0, 0, 0, .35);
}
.photo { display: block; }
.photo img { display: block; max-width: 100%; max-height: 420px; border-radius: 11px; background: #e8eef2; }
.file { display: flex; align-items: center; gap: 10px; padding: 4px 2px; color: inherit; text-decoration: none; }
.file .badge, .bubble .contact .photo-circle {
  flex: none;
  width: 42px;
  height: 42px;
  border-radius: 50%;
  display: grid;
  place-items: center;
  color: #fff;
}
.file .badge {
  background: var(--accent);
  font-size: 11px;
  font-weight: 700;
  text-transform: uppercase;
}
.row.user .file .badge { background: #4fae4e; }
.file .fname { font-weight: 500; color: var(--link); word-break: break-all; }
.file .fsize { font-size: 13px; color: #8a9aa6; }
.bubble .contact { display: flex; align-items: center; gap: 10px; padding: 4px 2px; min-width: 180px; }
.bubble .contact .photo-circle {
  font-weight: 600;
  font-size: 17px;
  background: linear-gradient(180deg, #ff885e, #ff516a);
}
.bubble .contact .cname { font-weight: 600; color: var(--link); }
.row.user .bubble .contact .cname { color: #3a8e37; }
.bubble .contact .cphone { font-size: 14px; }
.reply {
  margin: 0 0 4px;
  padding: 2px 8px;
  border-left: 3px solid var(--accent);
  border-radius: 4px;
  font-size: 13.5px;
  color: #555;
  background: rgba(51, 144, 236, .07);
  white-space: nowrap;
  overflow: hidden;
  text-overflow: ellipsis;
}
.keyboard { display: flex; flex-direction: column; gap: 4px; margin-top: 4px; width: 100%; }
.kb-row { display: flex; gap: 4px; }
.kb-btn {
  position: relative;
  flex: 1 1 0;
  min-width: 0;
  padding: 9px 10px;
  border: 0;
  border-radius: 9px;
  font: inherit;
  font-size: 14px;
  font-weight: 500;
  color: #fff;
  background: rgba(40, 72, 52, .38);
  backdrop-filter: blur(6px);
  cursor: pointer;
  white-space: nowrap;
  overflow: hidden;
  text-overflow: ellipsis;
  transition: background .15s;
}
.kb-btn:hover { background: rgba(40, 72, 52, .5); }
.kb-btn.url::after { content: "↗"; position: absolute; top: 3px; right: 6px; font-size: 11px; opacity: .9; }
.kb-btn.busy { opacity: .6; }
.empty {
  margin: auto;
  max-width: 320px;
  padding: 18px 22px;
  text-align: center;
  color: #fff;
  border-radius: 16px;
  background: rgba(0, 0, 0, .24);
}
.empty b { display: block; font-size: 16px; margin-bottom: 4px; }
footer { background: #fff; z-index: 2; box-shadow: 0 -1px 2px rgba(0, 0, 0, .08); }
.composer { display: flex; align-items: flex-end; gap: 4px; padding: 6px 8px; padding-bottom: max(6px, env(safe-area-inset-bottom)); }
.composer textarea {
  flex: 1;
  resize: none;
  max-height: 140px;
  min-height: 40px;
  padding: 10px 12px;
  border: 0;
  outline: none;
  font: inherit;
  background: transparent;
}
.composer .icon-btn { color: #8a9aa6; width: 42px; height: 42px; }
.composer .icon-btn:hover { background: #f0f2f4; color: var(--accent); }
.composer .send { color: var(--accent); }
.start {
  display: block;
  width: 100%;
  padding: 16px;
  border: 0;
  background: #fff;
  color: var(--accent);
  font: inherit;
  font-weight: 600;
  letter-spacing: .06em;
  cursor: pointer;
}
.start:hover { background: #f4f8fc; }
.reply-kb { display: grid; gap: 5px; padding: 6px 8px 0; background: #f3f5f7; }
.reply-kb .kb-row button {
  flex: 1;
  padding: 11px 6px;
  border: 0;
  border-radius: 8px;
  font: inherit;
  background: #fff;
  box-shadow: 0 1px 1px rgba(0, 0, 0, .12);
  cursor: pointer;
}
.toast {
  position: absolute;
  left: 50%;
  top: 70px;
  transform: translateX(-50%);
  max-width: 86%;
  padding: 10px 16px;
  border-radius: 10px;
  color: #fff;
  background: rgba(30, 30, 30, .86);
  font-size: 14px;
  z-index: 10;
  white-space: pre-wrap;
  animation: fade 3.2s forwards;
}
@keyframes fade { 0%, 80% { opacity: 1; } 100% { opacity: 0; } }
.overlay { position: absolute; inset: 0; display: grid; place-items: center; background: rgba(0, 0, 0, .35); z-index: 20; }
.dialog { width: min(340px, 86%); padding: 20px 20px 10px; border-radius: 12px; background: #fff; box-shadow: 0 8px 30px rgba(0, 0, 0, .3); }
.dialog p { margin: 0 0 14px; white-space: pre-wrap; }
.dialog .ok { float: right; padding: 8px 14px; border: 0; border-radius: 8px; font: inherit; font-weight: 600; color: var(--accent); background: none; cursor: pointer; }
.dialog .ok:hover { background: #eef5fd; }
.banner { padding: 8px 12px; text-align: center; font-size: 13px; color: #7a5d00; background: #fff6d6; }
@media (max-width: 520px) {
  .wrap { max-width: 88%; }
  header { padding-left: 10px; }
}
</style>
</head>
<body>
<div class="app" id="app">
  <header>
    <div class="avatar" id="avatar">B</div>
    <div class="title">
      <div class="name" id="botName">Bot</div>
      <div class="status" id="status">bot</div>
    </div>
    <div class="tools">
      <select id="botSelect" title="Bot" hidden></select>
      <select id="lang" title="Simulated user's language">
        <option value="es" title="Español">ES</option>
        <option value="en" title="English">EN</option>
      </select>
      <button class="icon-btn" id="menuBtn" title="More" aria-haspopup="true">
        <svg viewBox="0 0 24 24"><circle cx="12" cy="5" r="2"/><circle cx="12" cy="12" r="2"/><circle cx="12" cy="19" r="2"/></svg>
      </button>
    </div>
  </header>
  <div class="menu" id="menu" hidden>
    <button id="resetBtn" class="danger">Reset chat</button>
  </div>
  <div class="banner" id="banner" hidden></div>
  <div id="messages" aria-live="polite"></div>
  <footer>
    <div class="reply-kb" id="replyKb" hidden></div>
    <button class="start" id="startBtn" hidden>START</button>
    <form class="composer" id="composer" autocomplete="off">
      <button type="button" class="icon-btn" id="attachBtn" title="Send a photo">
        <svg viewBox="0 0 24 24"><path d="M16.5 6.5v10.6a4.5 4.5 0 0 1-9 0V5.8a3 3 0 0 1 6 0v10.3a1.5 1.5 0 0 1-3 0V6.5H9v9.6a3 3 0 0 0 6 0V5.8a4.5 4.5 0 0 0-9 0v11.3a6 6 0 0 0 12 0V6.5h-1.5z"/></svg>
      </button>
      <input type="file" id="fileInput" accept="image/*" hidden>
      <textarea id="input" rows="1" placeholder="Message"></textarea>
      <button type="submit" class="icon-btn send" title="Send">
        <svg viewBox="0 0 24 24"><path d="M3.4 20.4 21 12 3.4 3.6 3.4 10.1 15 12 3.4 13.9z"/></svg>
      </button>
    </form>
  </footer>
</div>
<script>
(function () {
  'use strict';
  var qs = new URLSearchParams(location.search);
  var S = { bot: qs.get('bot') || '', user: qs.get('user') || '', version: -1, lastNotice: null, count: 0, pollId: 0 };
  var $ = function (id) { return document.getElementById(id); };
  var list = $('messages');

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function params(extra) {
    var p = new URLSearchParams();
    if (S.bot) p.set('bot', S.bot);
    if (S.user) p.set('user', S.user);
    Object.keys(extra || {}).forEach(function (k) { p.set(k, extra[k]); });
    return p.toString();
  }
  function post(path, body) {
    var payload = Object.assign({}, body);
    if (S.bot) payload.bot = S.bot;
    if (S.user) payload.user = S.user;
    return fetch('/chat/api/' + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload)
    }).then(function (r) { return r.json(); }).then(function (j) {
      if (!j.ok) toast(j.error || 'Something went wrong');
      return j;
    }).catch(function () { toast('The emulator is not reachable'); return { ok: false }; });
  }
  function toast(text) {
    var t = el('div', 'toast', text);
    $('app').appendChild(t);
    setTimeout(function () { t.remove(); }, 3300);
  }
  function alertBox(text) {
    var overlay = el('div', 'overlay');
    var dialog = el('div', 'dialog');
    dialog.appendChild(el('p', '', text));
    var ok = el('button', 'ok', 'OK');
    ok.onclick = function () { overlay.remove(); };
    dialog.appendChild(ok);
    overlay.appendChild(dialog);
    $('app').appendChild(overlay);
    ok.focus();
  }
  function time(unix) {
    var d = new Date(unix * 1000);
    return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
  }
  function day(unix) {
    var d = new Date(unix * 1000);
    var today = new Date();
    if (d.toDateString() === today.toDateString()) return 'Today';
    return d.toLocaleDateString(undefined, { day: 'numeric', month: 'long' });
  }
  function size(bytes) {
    if (bytes < 1024) return bytes + ' B';
    if (bytes < 1048576) return (bytes / 1024).toFixed(1) + ' KB';
    return (bytes / 1048576).toFixed(1) + ' MB';
  }
  var ACTIONS = {
    typing: 'typing…', upload_photo: 'sending a photo…', upload_document: 'sending a file…',
    upload_video: 'sending a video…', record_voice: 'recording a voice message…', find_location: 'choosing a location…',
    choose_sticker: 'choosing a sticker…'
  };

  function messageNode(m) {
    var row = el('div', 'row ' + m.side);
    var wrap = el('div', 'wrap');
    var bubble = el('div', 'bubble');
    var body = m.html !== undefined ? m.html : m.captionHtml;
    if (m.photo || m.file) bubble.classList.add('media');
    if ((m.photo) && body === undefined) bubble.classList.add('no-text');
    if (m.replyTo) bubble.appendChild(el('div', 'reply', m.replyTo.preview));
    if (m.photo) {
      var a = el('a', 'photo');
      a.href = m.photo.url;
      a.target = '_blank';
      a.rel = 'noopener';
      var img = el('img');
      img.src = m.photo.url;
      img.alt = 'Photo';
      // Small images are scaled up like Telegram does; large ones fit the bubble.
      img.width = Math.max(200, Math.min(m.photo.width, 420));
      img.style.aspectRatio = m.photo.width + ' / ' + m.photo.height;
      img.style.height = 'auto';
      if (m.photo.width < 200) img.style.imageRendering = 'pixelated';
      img.onload = stickToBottom;
      a.appendChild(img);
      bubble.appendChild(a);
    }
    if (m.file) {
      var f = el('a', 'file');
      f.href = m.file.url;
      f.setAttribute('download', m.file.name);
      var ext = (m.file.name.split('.').pop() || m.file.kind).slice(0, 4);
      f.appendChild(el('span', 'badge', ext));
      var info = el('span');
      info.appendChild(el('div', 'fname', m.file.name));
      info.appendChild(el('div', 'fsize', size(m.file.size)));
      f.appendChild(info);
      bubble.appendChild(f);
    }
    if (m.location) {
      bubble.appendChild(el('div', 'text', '📍 ' + m.location.latitude.toFixed(5) + ', ' + m.location.longitude.toFixed(5)));
    }
    if (m.contact) {
      var card = el('div', 'contact');
      card.appendChild(el('span', 'photo-circle', (m.contact.name.trim()[0] || '?').toUpperCase()));
      var who = el('span');
      who.appendChild(el('div', 'cname', m.contact.name));
      who.appendChild(el('div', 'cphone', m.contact.phone));
      card.appendChild(who);
      bubble.appendChild(card);
    }
    var meta = el('span', 'meta', (m.edited ? 'edited ' : '') + time(m.date) + (m.side === 'user' ? ' ✓✓' : ''));
    if (body !== undefined) {
      var text = el('div', 'text');
      // Server-rendered: text escaped, only Telegram's formatting tags present.
      text.innerHTML = body;
      text.appendChild(meta);
      bubble.appendChild(text);
    } else {
      bubble.appendChild(meta);
    }
    wrap.appendChild(bubble);
    if (m.keyboard) wrap.appendChild(keyboardNode(m));
    row.appendChild(wrap);
    return row;
  }

  function keyboardNode(m) {
    var kb = el('div', 'keyboard');
    m.keyboard.forEach(function (buttons, r) {
      var line = el('div', 'kb-row');
      buttons.forEach(function (b, c) {
        var btn = el('button', 'kb-btn' + (b.kind === 'url' ? ' url' : ''), b.text);
        btn.type = 'button';
        if (b.kind === 'url') btn.title = b.url;
        btn.onclick = function () {
          if (b.kind === 'url') {
            if (/^(https?:|tg:)/i.test(b.url)) window.open(b.url, '_blank', 'noopener,noreferrer');
            return;
          }
          if (b.kind !== 'callback') { toast('This button is not supported here'); return; }
          btn.classList.add('busy');
          post('tap', { messageId: m.id, row: r, column: c }).then(function () { btn.classList.remove('busy'); });
        };
        line.appendChild(btn);
      });
      kb.appendChild(line);
    });
    return kb;
  }

  function nearBottom() { return list.scrollHeight - list.scrollTop - list.clientHeight < 120; }
  function stickToBottom() { if (S.stick) list.scrollTop = list.scrollHeight; }

  function render(st) {
    var name = st.bot.firstName || st.bot.username;
    $('botName').textContent = name;
    $('avatar').textContent = (name.trim()[0] || 'B').toUpperCase();
    document.title = name + ' — Telegram emulator';
    var status = $('status');
    status.textContent = st.action ? (ACTIONS[st.action] || st.action.replace(/_/g, ' ') + '…') : 'bot · @' + st.bot.username;
    status.classList.toggle('active', Boolean(st.action));
    $('lang').value = st.user.languageCode === 'en' ? 'en' : 'es';
    var banner = $('banner');
    banner.hidden = !st.blocked;
    banner.textContent = st.blocked ? 'You blocked this bot. Use "Reset chat" to start again.' : '';

    var grew = st.messages.length > S.count;
    S.stick = grew || nearBottom();
    list.replaceChildren();
    if (st.messages.length === 0) {
      var empty = el('div', 'empty');
      empty.appendChild(el('b', '', 'No messages here yet'));
      empty.appendChild(el('span', '', 'Press START to talk to ' + name + '.'));
      list.appendChild(empty);
    }
    var lastDay = '';
    st.messages.forEach(function (m) {
      var d = day(m.date);
      if (d !== lastDay) { list.appendChild(el('div', 'day', d)); lastDay = d; }
      list.appendChild(messageNode(m));
    });
    S.count = st.messages.length;
    stickToBottom();

    $('startBtn').hidden = st.messages.length > 0;
    $('composer').hidden = st.messages.length === 0;

    var rk = $('replyKb');
    rk.replaceChildren();
    rk.hidden = !st.replyKeyboard || st.messages.length === 0;
    (st.replyKeyboard || []).forEach(function (row) {
      var line = el('div', 'kb-row');
      row.forEach(function (button) {
        var b = el('button', '', button.text);
        b.type = 'button';
        b.setAttribute('data-kind', button.kind);
        if (button.kind === 'contact') b.title = 'Shares your phone number (' + st.user.phoneNumber + ')';
        if (button.kind === 'location') b.title = 'Shares your location';
        // The emulator sends what Telegram would: the label, or the contact or location it asks for.
        b.onclick = function () { post('keyboard', { text: button.text }); };
        line.appendChild(b);
      });
      rk.appendChild(line);
    });

    var maxNotice = st.notices.reduce(function (max, n) { return Math.max(max, n.id); }, 0);
    if (S.lastNotice === null) S.lastNotice = maxNotice;
    st.notices.forEach(function (n) {
      if (n.id <= S.lastNotice) return;
      if (n.alert) alertBox(n.text); else toast(n.text);
    });
    S.lastNotice = Math.max(S.lastNotice, maxNotice);
  }

  async function poll(id) {
    while (id === S.pollId) {
      try {
        var r = await fetch('/chat/api/state?' + params({ since: String(S.version), wait: '25000' }));
        var st = await r.json();
        if (id !== S.pollId) return;
        if (!st.ok) { toast(st.error || 'Error'); await sleep(2500); continue; }
        S.version = st.version;
        render(st);
      } catch (e) {
        console.error('chat page: update failed', e);
        await sleep(1500);
      }
    }
  }
  function restart() {
    S.version = -1;
    S.count = 0;
    S.lastNotice = null;
    S.pollId++;
    poll(S.pollId);
  }

  $('composer').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var input = $('input');
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    autosize();
    post('send', { text: text });
  });
  $('input').addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); $('composer').requestSubmit(); }
  });
  function autosize() {
    var t = $('input');
    t.style.height = 'auto';
    t.style.height = Math.min(t.scrollHeight, 140) + 'px';
  }
  $('input').addEventListener('input', autosize);
  $('startBtn').onclick = function () { post('send', { text: '/start' }); };
  $('attachBtn').onclick = function () { $('fileInput').click(); };
  $('fileInput').addEventListener('change', function () {
    var file = this.files && this.files[0];
    if (!file) return;
    var form = new FormData();
    form.append('photo', file, file.name);
    var caption = $('input').value.trim();
    if (caption) form.append('caption', caption);
    if (S.bot) form.append('bot', S.bot);
    if (S.user) form.append('user', S.user);
    $('input').value = '';
    this.value = '';
    fetch('/chat/api/photo', { method: 'POST', body: form })
      .then(function (r) { return r.json(); })
      .then(function (j) { if (!j.ok) toast(j.error || 'Upload failed'); })
      .catch(function () { toast('Upload failed'); });
  });
  $('lang').addEventListener('change', function () {
    post('language', { languageCode: this.value }).then(function (j) {
      if (j.ok) toast(j.languageCode === 'en' ? 'Language: English' : 'Idioma: español');
    });
  });
  $('menuBtn').onclick = function (ev) { ev.stopPropagation(); $('menu').hidden = !$('menu').hidden; };
  document.addEventListener('click', function () { $('menu').hidden = true; });
  $('resetBtn').onclick = function () { post('reset', {}); };
  list.addEventListener('click', function (ev) {
    var t = ev.target;
    if (t && t.classList && t.classList.contains('tg-spoiler')) t.classList.add('revealed');
  });
  $('botSelect').addEventListener('change', function () {
    S.bot = this.value;
    var p = new URLSearchParams(location.search);
    p.set('bot', S.bot);
    history.replaceState(null, '', '?' + p.toString());
    restart();
  });

  fetch('/chat/api/bots').then(function (r) { return r.json(); }).then(function (j) {
    var bots = (j && j.bots) || [];
    if (!S.bot && bots[0]) S.bot = bots[0].username;
    var select = $('botSelect');
    if (bots.length > 1) {
      bots.forEach(function (b) {
        var o = el('option', '', '@' + b.username);
        o.value = b.username;
        select.appendChild(o);
      });
      select.value = S.bot;
      select.hidden = false;
    }
    if (bots.length === 0) toast('No bot is registered in the emulator');
    restart();
  }).catch(function () { restart(); });
})();
</script>
</body>
</html>
`;
