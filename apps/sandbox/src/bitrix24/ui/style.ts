/**
 * @module The portal's stylesheet: a plain, Bitrix24-like shell (blue top bar, left menu, white cards on grey),
 * the app layout box, the slider and the selector dialog.
 */

/** CSS served at `/ui/assets/portal.css`. */
export const portalCss = `
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; }
body { font: 14px/1.45 "Helvetica Neue", Arial, sans-serif; color: #333; background: #eef2f4; }
a { color: #2067b0; text-decoration: none; }
a:hover { text-decoration: underline; }
.topbar { display: flex; align-items: center; gap: 16px; height: 56px; padding: 0 20px;
  background: linear-gradient(90deg, #1c5a9c, #2fc6f6); color: #fff; }
.topbar__logo { font-size: 20px; font-weight: 700; letter-spacing: .3px; color: #fff; }
.topbar__logo small { font-weight: 400; opacity: .8; margin-left: 6px; font-size: 13px; }
.topbar__spacer { flex: 1; }
.topbar form { display: flex; align-items: center; gap: 8px; margin: 0; }
.topbar label { font-size: 12px; opacity: .9; }
.topbar select { padding: 5px 8px; border-radius: 4px; border: 0; font: inherit; max-width: 320px; }
.shell { display: flex; min-height: calc(100vh - 56px); }
.menu { width: 230px; flex: none; padding: 14px 0; background: #fff; border-right: 1px solid #dfe5ea; }
.menu__group { padding: 12px 20px 4px; font-size: 11px; text-transform: uppercase; color: #8a96a3; }
.menu a { display: block; padding: 7px 20px; color: #2b333d; border-left: 3px solid transparent; }
.menu a:hover { background: #f1f6fa; text-decoration: none; }
.menu a.is-active { border-left-color: #2fc6f6; background: #eaf7fd; font-weight: 600; }
.content { flex: 1; min-width: 0; padding: 20px 28px 40px; }
.content--bare { padding: 16px 20px; }
#pagetitle { margin: 0 0 16px; font-size: 24px; font-weight: 400; color: #2b333d; }
.card { background: #fff; border-radius: 8px; box-shadow: 0 1px 2px rgba(0,0,0,.06); padding: 16px 20px;
  margin-bottom: 18px; }
.card h2 { margin: 0 0 12px; font-size: 16px; font-weight: 600; }
table.grid { width: 100%; border-collapse: collapse; }
.grid th { text-align: left; font-weight: 600; font-size: 12px; color: #6a737f; text-transform: uppercase;
  padding: 8px 10px; border-bottom: 2px solid #e6ebef; }
.grid td { padding: 8px 10px; border-bottom: 1px solid #eef1f4; vertical-align: top; }
.grid tr:hover td { background: #f8fafb; }
.muted { color: #8a96a3; }
.mono { font-family: Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
.badge { display: inline-block; padding: 2px 8px; border-radius: 10px; font-size: 12px; background: #e6ebef; }
.badge--ok { background: #dbf199; } .badge--fail { background: #ffd6d4; } .badge--info { background: #d5f1fd; }
.values { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0; }
.values dd { margin: 0; white-space: pre-line; }
.btn { display: inline-block; padding: 7px 16px; border-radius: 4px; border: 1px solid #c6cdd3; background: #fff;
  color: #333; font: inherit; cursor: pointer; }
.btn:hover { background: #f1f4f6; text-decoration: none; }
.btn--primary { background: #2fc6f6; border-color: #2fc6f6; color: #fff; font-weight: 600; }
.btn--primary:hover { background: #1eb4e2; }
.btn--danger { border-color: #ff5752; color: #d0312b; }
.form-row { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; margin-bottom: 12px; }
.form-row label { display: flex; flex-direction: column; gap: 4px; font-size: 12px; color: #6a737f; }
.form-row input, .form-row select, .form-row textarea { padding: 6px 8px; border: 1px solid #c6cdd3;
  border-radius: 4px; font: inherit; min-width: 180px; }
.form-row textarea { min-width: 420px; min-height: 60px; }
.form-row label.check { flex-direction: row; align-items: center; gap: 6px; color: #333; font-size: 13px; }
.form-row label.check input { min-width: 0; }
.stages { display: flex; gap: 2px; margin: 4px 0 12px; }
.stages button { flex: 1; padding: 8px 6px; border: 0; background: #e6ebef; font: inherit; font-size: 12px;
  cursor: pointer; color: #333; }
.stages button.is-passed { background: #9fdcf5; } .stages button.is-current { background: #2fc6f6; color: #fff; }
.stages button.is-won { background: #a5de00; } .stages button.is-lost { background: #ff8c87; }
.tabs { display: flex; gap: 4px; border-bottom: 1px solid #dfe5ea; margin-bottom: 14px; }
.tabs a { padding: 8px 14px; border-radius: 6px 6px 0 0; color: #535c69; }
.tabs a.is-active { background: #fff; border: 1px solid #dfe5ea; border-bottom-color: #fff; margin-bottom: -1px; }
.app-layout { width: 100%; height: 600px; background: #fff; border-radius: 8px; overflow: hidden; position: relative;
  box-shadow: 0 1px 2px rgba(0,0,0,.06); }
.app-layout iframe { width: 100%; height: 100%; border: 0; display: block; }
.app-layout--loading::after { content: "Загрузка приложения…"; position: absolute; inset: 0; display: flex;
  align-items: center; justify-content: center; color: #8a96a3; background: #fff; }
.notice { padding: 12px 16px; border-radius: 6px; background: #fff8d6; border: 1px solid #f3e3a1; margin-bottom: 16px; }
.portal-slider { position: fixed; inset: 0; background: rgba(0,0,0,.35); display: flex; justify-content: flex-end; }
.portal-slider__panel { height: 100%; background: #eef2f4; display: flex; flex-direction: column;
  box-shadow: -4px 0 18px rgba(0,0,0,.2); }
.portal-slider__head { display: flex; align-items: center; gap: 10px; padding: 10px 16px; background: #fff;
  border-bottom: 1px solid #dfe5ea; min-height: 44px; font-weight: 600; }
.portal-slider__close { margin-left: auto; border: 0; background: none; font-size: 24px; cursor: pointer; }
.portal-slider__label { padding: 2px 8px; border-radius: 10px; background: #2fc6f6; color: #fff; font-size: 12px; }
.portal-slider__frame { flex: 1; width: 100%; border: 0; }
.portal-picker { position: fixed; inset: 0; background: rgba(0,0,0,.35); display: flex; align-items: center;
  justify-content: center; z-index: 5000; }
.portal-picker__dialog { background: #fff; border-radius: 8px; padding: 18px 20px; width: 440px; max-height: 80vh;
  display: flex; flex-direction: column; }
.portal-picker__dialog h3 { margin: 0 0 10px; }
.portal-picker__list { overflow: auto; border: 1px solid #e6ebef; border-radius: 4px; }
.portal-picker__row { display: grid; grid-template-columns: 24px 1fr; padding: 6px 10px; cursor: pointer; }
.portal-picker__row small { grid-column: 2; color: #8a96a3; }
.portal-picker__row:hover { background: #f1f6fa; }
.portal-picker__buttons { display: flex; gap: 8px; margin-top: 12px; }
.portal-toast { position: fixed; right: 20px; bottom: 20px; max-width: 480px; padding: 10px 14px; border-radius: 6px;
  background: #2b333d; color: #fff; z-index: 9000; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.portal-toast--error { background: #d0312b; }
`
