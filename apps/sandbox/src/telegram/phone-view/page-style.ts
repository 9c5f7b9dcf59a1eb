/** @module The phone view's stylesheet (Telegram-like: chat list on the left, chat with bubbles on the right). */
export const phoneViewStyle = `
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.4 -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #000;
  background: #dfe5eb; height: 100vh; display: flex; }
#list { width: 320px; background: #fff; border-right: 1px solid #d6dde3; display: flex; flex-direction: column; }
#list header { padding: 14px 16px; font-weight: 600; border-bottom: 1px solid #eef1f4; }
#list header small { display: block; font-weight: 400; color: #707579; }
#users { overflow-y: auto; flex: 1; }
.user { display: flex; gap: 10px; padding: 8px 12px; cursor: pointer; align-items: center; }
.user:hover { background: #f4f4f5; }
.user.active { background: #3390ec; color: #fff; }
.user.active .preview, .user.active .meta { color: #e6f0fb; }
.avatar { width: 44px; height: 44px; border-radius: 50%; flex: none; display: grid; place-items: center;
  color: #fff; font-weight: 600; }
.user .text { min-width: 0; flex: 1; }
.user .name { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.preview, .meta { color: #707579; font-size: 13px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.badge { font-size: 11px; background: #e53935; color: #fff; border-radius: 8px; padding: 0 6px; margin-left: 4px; }
#chat { flex: 1; display: flex; flex-direction: column; min-width: 0;
  background: linear-gradient(160deg, #a8c98f 0%, #d3e0a9 45%, #8fbf9a 100%); }
#chat-header { background: #fff; padding: 10px 16px; display: flex; align-items: center; gap: 12px;
  border-bottom: 1px solid #d6dde3; min-height: 60px; }
#chat-header .title { flex: 1; font-weight: 600; }
#chat-header .title small { display: block; font-weight: 400; color: #707579; }
#messages { flex: 1; overflow-y: auto; padding: 16px 10%; display: flex; flex-direction: column; gap: 6px; }
.msg { display: flex; flex-direction: column; max-width: 75%; }
.msg.bot { align-self: flex-start; }
.msg.user { align-self: flex-end; }
.bubble { background: #fff; border-radius: 12px 12px 12px 4px; padding: 6px 10px 4px; white-space: pre-wrap;
  word-wrap: break-word; box-shadow: 0 1px 1px rgba(0,0,0,.12); }
.msg.user .bubble { background: #e3fcd0; border-radius: 12px 12px 4px 12px; }
.bubble .info { float: right; margin: 6px 0 0 10px; font-size: 12px; color: #8a9a8b; white-space: nowrap; }
.msg.deleted .bubble { opacity: .55; font-style: italic; }
.quote { border-left: 3px solid #3390ec; padding: 0 6px; margin-bottom: 4px; color: #3a6d99; font-size: 13px;
  background: rgba(51,144,236,.08); border-radius: 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bubble img.photo { display: block; max-width: 100%; height: auto; border-radius: 8px; margin: -2px -6px 4px;
  width: calc(100% + 12px); object-fit: cover; background: #dde5ec; }
.album .bubble { max-width: 320px; }
.album-grid { display: grid; gap: 2px; margin: -2px -6px 4px; }
.album-grid.n2 { grid-template-columns: 1fr 1fr; } .album-grid.n3, .album-grid.n4 { grid-template-columns: 1fr 1fr; }
.album-grid img.photo { margin: 0; width: 100%; aspect-ratio: 1; border-radius: 4px; }
.album-docs { display: flex; flex-direction: column; gap: 6px; }
a.doc { color: inherit; text-decoration: none; }
.doc-name { color: #2481cc; font-weight: 500; word-break: break-all; } .doc-size { font-size: 12px; color: #8a9a8b; }
.doc { display: flex; gap: 8px; align-items: center; margin-bottom: 4px; }
.doc .icon { width: 40px; height: 40px; border-radius: 50%; background: #3390ec; color: #fff; display: grid;
  place-items: center; }
.keyboard { display: flex; flex-direction: column; gap: 4px; margin-top: 4px; }
.keyboard .row { display: flex; gap: 4px; }
.kb-button { flex: 1; border: 0; border-radius: 8px; padding: 8px 10px; color: #fff; font: inherit; font-weight: 500;
  background: rgba(45, 85, 45, .45); cursor: pointer; }
.kb-button:hover { background: rgba(45, 85, 45, .6); }
.kb-button.pending::after { content: " ⏳"; }
.tg-spoiler { background: #9aa0a6; color: transparent; border-radius: 3px; cursor: pointer; }
.tg-spoiler:hover { color: inherit; background: #e8eaed; }
.tg-command, .bubble a { color: #2481cc; }
.bubble code, .bubble pre { font-family: ui-monospace, Menlo, monospace; font-size: 13px; }
.bubble pre { background: rgba(0,0,0,.05); padding: 6px; border-radius: 6px; margin: 4px 0; }
.bubble blockquote { margin: 4px 0; padding-left: 8px; border-left: 3px solid #3390ec; }
#composer { background: #fff; padding: 8px 12px; display: flex; flex-direction: column; gap: 6px; }
#composer .row { display: flex; gap: 8px; }
#reply-banner { display: none; font-size: 13px; color: #3390ec; border-left: 3px solid #3390ec; padding-left: 8px; }
#reply-banner.visible { display: flex; justify-content: space-between; }
#text { flex: 1; border: 1px solid #d6dde3; border-radius: 18px; padding: 8px 14px; font: inherit; outline: none; }
button.action { border: 0; border-radius: 18px; padding: 8px 16px; background: #3390ec; color: #fff; font: inherit;
  cursor: pointer; }
button.secondary { background: #eef1f4; color: #3390ec; }
#toast { position: fixed; top: 16px; left: 50%; transform: translateX(-50%); background: rgba(0,0,0,.78);
  color: #fff; padding: 10px 18px; border-radius: 10px; display: none; z-index: 5; max-width: 420px; }
#alert { position: fixed; inset: 0; background: rgba(0,0,0,.35); display: none; place-items: center; z-index: 6; }
#alert .box { background: #fff; border-radius: 12px; padding: 20px; max-width: 360px; }
#chat-header .back { display: none; border: 0; background: none; font-size: 22px; color: #3390ec; cursor: pointer;
  padding: 0 4px; }
/* A phone shows one thing at a time, as Telegram does: the chat list, or the open chat with a back button. */
@media (max-width: 640px) {
  #list { width: 100%; border-right: 0; }
  #chat { display: none; }
  body.chat-open #list { display: none; }
  body.chat-open #chat { display: flex; }
  #chat-header .back { display: block; }
  #messages { padding: 12px 8px; }
  .msg { max-width: 88%; }
  #toast { max-width: calc(100% - 32px); }
}
#empty { margin: auto; color: #fff; background: rgba(0,0,0,.25); padding: 6px 14px; border-radius: 14px; }
`
