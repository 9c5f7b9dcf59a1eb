/** @module The phone view page: a static shell; the script fills it from `/_sandbox/*` and live events. */
import { phoneViewScript } from './page-script.ts'
import { phoneViewStyle } from './page-style.ts'

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The whole HTML page of the phone view. */
export function phoneViewPage(botName: string, botUsername: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Telegram sandbox · @${escapeText(botUsername)}</title><style>${phoneViewStyle}</style></head>
<body>
<aside id="list"><header>${escapeText(botName)}<small>@${escapeText(botUsername)} · Telegram sandbox</small>
<small id="webhook"></small></header><div id="users"></div></aside>
<main id="chat">
  <div id="chat-header"><button class="back" id="back" type="button" aria-label="Back to chats">←</button>
    <div class="title" id="chat-title">Choose a user</div>
    <button class="action secondary" id="block" hidden></button></div>
  <div id="messages"><div id="empty">Pick a user on the left to see their chat with the bot</div></div>
  <form id="composer" hidden>
    <div id="reply-banner"><span id="reply-text"></span><a href="#" id="reply-cancel">✕</a></div>
    <div class="row"><input id="text" autocomplete="off" placeholder="Message"><button class="action">Send</button></div>
  </form>
</main>
<div id="toast"></div><div id="alert"><div class="box"><p id="alert-text"></p>
<button class="action" id="alert-ok">OK</button></div></div>
<script>${phoneViewScript}</script>
</body></html>`
}
