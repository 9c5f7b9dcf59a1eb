/**
 * @module The ready HTML/JS snippet a website pastes in (issue 20): a plain form (name, phone, e-mail, message,
 * files, consent) with the hidden honeypot, the moment the form was shown, a submission id against double
 * clicks, and the page's UTM parameters; the script sends it as multipart to `POST /api/leads/:siteKey` and shows
 * the result. No dependencies; the labels in Russian or English.
 */
import { HONEYPOT_FIELD, STARTED_AT_FIELD, utmKeys } from './lead-form-fields.ts'

/**
 * The largest staged chunk in raw bytes: base64 keeps it under 1 MB in a KV store, the request far under Vercel's
 * 4.5 MB.
 */
export const UPLOAD_CHUNK_BYTES = 512 * 1024

const labels = {
  ru: {
    name: 'Имя',
    phone: 'Телефон',
    email: 'E-mail',
    message: 'Сообщение',
    files: 'Файлы (до 5, до 10 МБ каждый)',
    consent: 'Я согласен на обработку персональных данных',
    send: 'Отправить',
    sending: 'Отправляем…',
    done: 'Спасибо! Заявка принята.',
    failed: 'Не удалось отправить заявку: ',
  },
  en: {
    name: 'Name',
    phone: 'Phone',
    email: 'E-mail',
    message: 'Message',
    files: 'Files (up to 5, 10 MB each)',
    consent: 'I agree to the processing of my personal data',
    send: 'Send',
    sending: 'Sending…',
    done: 'Thank you! Your request has been received.',
    failed: 'The request could not be sent: ',
  },
} as const

/** The accepted file types for the file input's `accept`. */
export const leadFileAccept = '.pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.gif,.txt'

/** The snippet for the site whose intake address is `endpoint` (`<APP_URL>/api/leads/<siteKey>`). */
export function leadSnippet(endpoint: string, language: 'ru' | 'en' = 'ru'): string {
  const t = labels[language]
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')
  return `<style>
  .tac-lead-form { display: grid; gap: 10px; max-width: 480px; font: inherit; }
  .tac-lead-form label { display: grid; gap: 4px; }
  .tac-lead-form label:has(input[type=checkbox]) { display: block; }
</style>
<form class="tac-lead-form" data-endpoint="${endpoint.replace(/"/g, '&quot;')}">
  <label>${t.name} <input name="name" required maxlength="200"></label>
  <label>${t.phone} <input name="phone" type="tel" maxlength="40"></label>
  <label>${t.email} <input name="email" type="email" maxlength="254"></label>
  <label>${t.message} <textarea name="message" maxlength="5000"></textarea></label>
  <label>${t.files} <input name="files" type="file" multiple accept="${leadFileAccept}"></label>
  <label><input name="consent" type="checkbox" required> ${t.consent}</label>
  <input name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off" aria-hidden="true"
    style="position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden">
  <button type="submit">${t.send}</button>
  <p class="tac-lead-status" role="status"></p>
</form>
<script>
(function () {
  var texts = ${json({ send: t.send, sending: t.sending, done: t.done, failed: t.failed })};
  var utm = ${json(utmKeys)};
  var chunkBytes = ${UPLOAD_CHUNK_BYTES};
  var id = function () { return Date.now().toString(36) + Math.random().toString(36).slice(2, 12); };
  async function answerOf(response) {
    var body = await response.json().catch(function () { return {}; });
    if (!response.ok) throw new Error((body.error && body.error.message) || String(response.status));
    return body;
  }
  // Files go first, in chunks (a serverless function takes at most 4.5 MB per request); the form names them.
  async function upload(endpoint, file) {
    var uploadId = id();
    var chunks = Math.max(1, Math.ceil(file.size / chunkBytes));
    for (var index = 0; index < chunks; index++) {
      var part = new FormData();
      part.set('upload_id', uploadId);
      part.set('index', String(index));
      part.set('chunks', String(chunks));
      part.set('name', file.name);
      part.set('size', String(file.size));
      part.set('chunk', file.slice(index * chunkBytes, (index + 1) * chunkBytes), file.name);
      await answerOf(await fetch(endpoint + '/uploads', { method: 'POST', body: part }));
    }
    return uploadId;
  }
  document.querySelectorAll('form.tac-lead-form:not([data-ready])').forEach(function (form) {
    form.setAttribute('data-ready', '1');
    var startedAt = Date.now();
    var submissionId = id();
    var status = form.querySelector('.tac-lead-status');
    var button = form.querySelector('button[type=submit]');
    var endpoint = form.getAttribute('data-endpoint');
    async function send() {
      var data = new FormData(form);
      var files = Array.prototype.slice.call(form.elements.files.files);
      data.delete('files');
      data.set('consent', form.elements.consent.checked ? 'on' : '');
      data.set('${STARTED_AT_FIELD}', String(startedAt));
      data.set('submission_id', submissionId);
      var params = new URLSearchParams(location.search);
      utm.forEach(function (key) { if (params.get(key)) data.set(key, params.get(key)); });
      for (var i = 0; i < files.length; i++) data.append('uploads', await upload(endpoint, files[i]));
      await answerOf(await fetch(endpoint, { method: 'POST', body: data }));
    }
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      button.textContent = texts.sending;
      try {
        await send();
        status.textContent = texts.done;
        form.reset();
        submissionId = id();
        startedAt = Date.now();
      } catch (error) {
        status.textContent = texts.failed + error.message;
      } finally {
        button.disabled = false;
        button.textContent = texts.send;
      }
    });
  });
})();
</script>`
}
