/**
 * @module The phone view's browser script (plain JavaScript, no build): renders users and the chosen chat from
 * `/_sandbox/*`, posts user actions, and refreshes on server-sent events. Message HTML comes pre-sanitised from
 * the server; everything else is set as text.
 */
export const phoneViewScript = String.raw`
const $ = (id) => document.getElementById(id);
const view = { users: [], current: null, messages: [], replyTo: null };
const COLORS = ['#e17076', '#7bc862', '#e5ca77', '#65aadd', '#a695e7', '#ee7aae', '#6ec9cb', '#faa774'];
const el = (tag, cls, text) => { const n = document.createElement(tag); if (cls) n.className = cls;
  if (text !== undefined) n.textContent = text; return n; };
const time = (unix) => new Date(unix * 1000).toTimeString().slice(0, 5);

async function api(path, body) {
  const res = await fetch(path, body ? { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body) } : undefined);
  const json = await res.json();
  if (!res.ok) { toast(json.error || ('HTTP ' + res.status)); }
  return json;
}

async function loadUsers() {
  const data = await api('/_sandbox/users');
  view.users = data.users;
  $('webhook').textContent = data.webhook ? 'webhook: ' + data.webhook : 'no webhook (getUpdates)';
  renderUsers();
  renderHeader();
}

function renderUsers() {
  const list = $('users'); list.replaceChildren();
  for (const u of view.users) {
    const row = el('div', 'user' + (u.id === view.current ? ' active' : ''));
    row.dataset.testid = 'user-' + u.id;
    const avatar = el('div', 'avatar', u.name.split(' ').map((w) => w[0]).join('').slice(0, 2));
    avatar.style.background = COLORS[u.id % COLORS.length];
    const text = el('div', 'text');
    const name = el('div', 'name', u.name);
    if (u.isBlocked) name.append(el('span', 'badge', 'blocked'));
    text.append(name, el('div', 'preview', u.preview || ('@' + (u.username || '') + ' · ' + (u.language_code || ''))));
    row.append(avatar, text);
    row.onclick = () => select(u.id);
    list.append(row);
  }
}

function renderHeader() {
  const u = view.users.find((x) => x.id === view.current);
  if (!u) return;
  const title = $('chat-title'); title.replaceChildren(u.name);
  title.append(el('small', '', '@' + (u.username || '') + ' · id ' + u.id + ' · ' + (u.language_code || '')));
  const block = $('block'); block.hidden = false;
  block.textContent = u.isBlocked ? 'Restart bot' : 'Block bot';
  $('composer').hidden = u.isBlocked;
}

function select(id) {
  view.current = id; view.replyTo = null; location.hash = 'user=' + id;
  document.body.classList.add('chat-open');
  renderUsers(); renderHeader(); renderReply(); loadChat();
}

async function loadChat() {
  if (view.current === null) return;
  const id = view.current;
  const data = await api('/_sandbox/chats/' + id);
  if (id !== view.current) return;
  view.messages = data.messages;
  renderMessages();
}

function renderMessage(m) {
  const box = el('div', 'msg ' + m.sender + (m.isDeleted ? ' deleted' : ''));
  box.dataset.messageId = m.message_id;
  const bubble = el('div', 'bubble');
  if (m.replyTo) bubble.append(el('div', 'quote', m.replyTo.preview));
  if (m.photo) bubble.append(renderPhoto(m.photo));
  if (m.document) bubble.append(renderDocument(m.document));
  const body = el('span', 'text');
  if (m.isDeleted) body.textContent = 'message deleted'; else body.innerHTML = m.html;
  bubble.append(body, el('span', 'info', (m.isEdited ? 'edited ' : '') + time(m.date)));
  bubble.ondblclick = () => { view.replyTo = m; renderReply(); };
  box.append(bubble);
  if (!m.isDeleted && m.keyboard.length) box.append(renderKeyboard(m));
  return box;
}

function renderPhoto(p) {
  const img = el('img', 'photo'); img.src = p.url; img.alt = ''; img.width = p.width; img.height = p.height;
  return img;
}

function renderDocument(doc) {
  const d = el('a', 'doc'); d.href = doc.url; d.target = '_blank'; d.rel = 'noopener';
  const size = doc.file_size < 1024 * 1024 ? Math.ceil(doc.file_size / 1024) + ' KB'
    : (doc.file_size / 1024 / 1024).toFixed(1) + ' MB';
  const text = el('div', 'doc-text'); text.append(el('div', 'doc-name', doc.file_name), el('div', 'doc-size', size));
  d.append(el('div', 'icon', '📄'), text);
  return d;
}

// An album: the photos in a grid in one bubble (or the documents listed in one bubble), the caption below.
function renderAlbum(group) {
  const box = el('div', 'msg bot album');
  box.dataset.messageId = group[0].message_id;
  box.dataset.mediaGroupId = group[0].mediaGroupId;
  const bubble = el('div', 'bubble');
  const grid = el('div', group[0].photo ? 'album-grid n' + Math.min(group.length, 4) : 'album-docs');
  for (const m of group) grid.append(m.photo ? renderPhoto(m.photo) : renderDocument(m.document));
  bubble.append(grid);
  const captions = group.filter((m) => m.html);
  if (captions.length === 1) { const t = el('span', 'text'); t.innerHTML = captions[0].html; bubble.append(t); }
  bubble.append(el('span', 'info', time(group[0].date)));
  box.append(bubble);
  return box;
}

function renderKeyboard(m) {
  const kb = el('div', 'keyboard');
  for (const row of m.keyboard) {
    const r = el('div', 'row');
    for (const b of row) {
      const button = el('button', 'kb-button', b.text + (b.url ? ' ↗' : ''));
      button.type = 'button';
      button.onclick = () => b.url ? window.open(b.url, '_blank') : press(m, b.text, button);
      r.append(button);
    }
    kb.append(r);
  }
  return kb;
}

function renderMessages() {
  const box = $('messages'); box.replaceChildren();
  if (!view.messages.length) {
    const empty = el('div', '', 'No messages here yet');
    empty.id = 'empty';
    box.append(empty);
  }
  for (let i = 0; i < view.messages.length; i += 1) {
    const m = view.messages[i];
    const group = [m];
    while (m.mediaGroupId && !m.isDeleted && view.messages[i + 1] && view.messages[i + 1].mediaGroupId === m.mediaGroupId) {
      group.push(view.messages[++i]);
    }
    box.append(group.length > 1 ? renderAlbum(group) : renderMessage(m));
  }
  const last = view.messages.filter((m) => !m.isDeleted).at(-1);
  if (last && last.sender === 'bot' && last.forceReplyPlaceholder !== undefined && !view.replyTo) {
    view.replyTo = last; renderReply();
  }
  box.scrollTop = box.scrollHeight;
}

function renderReply() {
  const banner = $('reply-banner');
  banner.classList.toggle('visible', !!view.replyTo);
  $('reply-text').textContent = view.replyTo ? 'Reply to: ' + (view.replyTo.html.replace(/<[^>]*>/g, '').slice(0, 60)) : '';
  $('text').placeholder = (view.replyTo && view.replyTo.forceReplyPlaceholder) || 'Message';
}

async function press(m, text, button) {
  button.classList.add('pending');
  await api('/_sandbox/users/' + view.current + '/actions', { messageId: m.message_id, button: text });
  setTimeout(() => button.classList.remove('pending'), 400);
}

function toast(text) {
  const t = $('toast'); t.textContent = text; t.style.display = 'block';
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.style.display = 'none'; }, 2500);
}

$('composer').onsubmit = async (event) => {
  event.preventDefault();
  const deepLink = /^(?:https?:\/\/)?t\.me\/\w+\?start=([\w-]{1,64})$/.exec($('text').value.trim());
  const text = deepLink ? '/start ' + deepLink[1] : $('text').value;
  if (!text.trim() || view.current === null) return;
  const body = view.replyTo ? { text, replyTo: view.replyTo.message_id } : { text };
  $('text').value = ''; view.replyTo = null; renderReply();
  await api('/_sandbox/users/' + view.current + '/actions', body);
};
// On a phone the list and the chat take turns, as in Telegram; "back" returns to the list.
$('back').onclick = () => {
  document.body.classList.remove('chat-open');
  history.replaceState(null, '', location.pathname + location.search);
};
$('reply-cancel').onclick = (event) => { event.preventDefault(); view.replyTo = null; renderReply(); };
$('block').onclick = async () => {
  const u = view.users.find((x) => x.id === view.current);
  if (!u) return;
  await api('/_sandbox/users/' + u.id + '/actions', { isBlocked: !u.isBlocked });
  if (u.isBlocked) await api('/_sandbox/users/' + u.id + '/actions', { text: '/start' });
};
$('alert-ok').onclick = () => { $('alert').style.display = 'none'; };

const events = new EventSource('/_sandbox/events');
events.addEventListener('change', (e) => {
  const d = JSON.parse(e.data);
  if (d.type === 'callback_answer') {
    if (d.chatId !== view.current || !d.answer || !d.answer.text) return;
    if (d.answer.show_alert) { $('alert-text').textContent = d.answer.text; $('alert').style.display = 'grid'; }
    else toast(d.answer.text);
    return;
  }
  loadUsers();
  if (d.type === 'chat' && d.chatId === view.current) loadChat();
});

loadUsers().then(() => {
  const match = /user=(\d+)/.exec(location.hash);
  if (match) select(Number(match[1]));
  const start = new URLSearchParams(location.search).get('start');
  if (start) $('text').value = '/start ' + start;
});
`
