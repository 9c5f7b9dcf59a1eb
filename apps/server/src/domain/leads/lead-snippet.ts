/**
 * @module The ready HTML/JS snippet a website pastes in (issue 20): a plain form (name, phone, e-mail, message,
 * files, consent) with the hidden honeypot, the moment the form was shown, a submission id against double
 * clicks, and the page's UTM parameters; the script sends it as multipart to `POST /api/leads/:siteKey` and shows
 * the result. No dependencies; the labels in Russian or English.
 */
import { HONEYPOT_FIELD, STARTED_AT_FIELD, utmKeys } from './lead-submission.ts'

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
  document.querySelectorAll('form.tac-lead-form:not([data-ready])').forEach(function (form) {
    form.setAttribute('data-ready', '1');
    var startedAt = Date.now();
    var id = function () { return Date.now().toString(36) + Math.random().toString(36).slice(2, 12); };
    var submissionId = id();
    var status = form.querySelector('.tac-lead-status');
    var button = form.querySelector('button[type=submit]');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (button.disabled) return;
      var data = new FormData(form);
      data.set('consent', form.elements.consent.checked ? 'on' : '');
      data.set('${STARTED_AT_FIELD}', String(startedAt));
      data.set('submission_id', submissionId);
      var params = new URLSearchParams(location.search);
      utm.forEach(function (key) { if (params.get(key)) data.set(key, params.get(key)); });
      button.disabled = true;
      button.textContent = texts.sending;
      fetch(form.getAttribute('data-endpoint'), { method: 'POST', body: data })
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (body) {
            if (response.status === 202) {
              status.textContent = texts.done;
              form.reset();
              submissionId = id();
              startedAt = Date.now();
            } else {
              status.textContent = texts.failed + ((body.error && body.error.message) || response.status);
            }
          });
        })
        .catch(function (error) { status.textContent = texts.failed + error.message; })
        .then(function () { button.disabled = false; button.textContent = texts.send; });
    });
  });
})();
</script>`
}
