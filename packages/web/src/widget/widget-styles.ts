/** The widget's look, inside its shadow root so the clinic's page styles neither leak in nor out. */
export const widgetStyles = `
:host { all: initial; }
[hidden] { display: none !important; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 28px;
  padding: 14px 20px; background: var(--pd-color, #0b6e6e); color: #fff; font-size: 16px; font-weight: 600;
  cursor: pointer; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
.launcher:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.badge { display: inline-block; min-width: 20px; margin-left: 8px; padding: 1px 6px; border-radius: 10px; background: #c92a2a; font-size: 13px; }
.panel { position: fixed; right: 20px; bottom: 20px; z-index: 2147483001; width: min(380px, calc(100vw - 24px));
  height: min(600px, calc(100vh - 40px)); display: flex; flex-direction: column; background: #fff; color: #1a1b1e;
  border-radius: 14px; box-shadow: 0 8px 32px rgba(0,0,0,.3); overflow: hidden; font-size: 15px; }
.panel[hidden] { display: none; }
.header { background: var(--pd-color, #0b6e6e); color: #fff; padding: 14px 16px; display: flex; gap: 8px; align-items: flex-start; }
.header h2 { margin: 0; font-size: 17px; flex: 1; }
.header p { margin: 4px 0 0; font-size: 13px; opacity: .92; }
.close { background: transparent; border: 0; color: #fff; font-size: 22px; line-height: 1; cursor: pointer; padding: 2px 6px; }
.safety { margin: 0; padding: 8px 16px; background: #fff4e6; color: #7a3e00; font-size: 13px; }
.log { flex: 1; overflow-y: auto; padding: 12px 16px; display: flex; flex-direction: column; gap: 8px; background: #f8f9fa; }
.message { max-width: 85%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; }
.message small { display: block; font-size: 12px; opacity: .8; margin-bottom: 2px; }
.from-visitor small { opacity: 1; }
.from-visitor { align-self: flex-end; background: var(--pd-color, #0b6e6e); color: #fff; }
.from-staff { align-self: flex-start; background: #fff; border: 1px solid #dee2e6; }
.quick-replies { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.quick-replies button { font: inherit; font-size: 13px; padding: 4px 10px; border-radius: 14px; border: 1px solid var(--pd-color, #0b6e6e); background: #fff; color: var(--pd-color, #0b6e6e); cursor: pointer; }
.notice { align-self: center; font-size: 13px; color: #495057; text-align: center; }
.typing { min-height: 20px; padding: 0 16px; font-size: 13px; color: #495057; }
form { display: flex; gap: 8px; padding: 10px 12px; border-top: 1px solid #dee2e6; }
textarea { flex: 1; resize: none; border: 1px solid #adb5bd; border-radius: 8px; padding: 8px; font-size: 15px; min-height: 42px; max-height: 120px; }
button.primary { border: 0; border-radius: 8px; padding: 0 16px; background: var(--pd-color, #0b6e6e); color: #fff; font-weight: 600; cursor: pointer; }
button.primary:disabled { opacity: .6; cursor: default; }
.link { background: none; border: 0; padding: 6px 16px 10px; color: var(--pd-color, #0b6e6e); text-decoration: underline; cursor: pointer; font-size: 13px; text-align: left; }
.later { padding: 10px 16px; border-top: 1px solid #dee2e6; display: grid; gap: 6px; }
.later label { display: grid; gap: 2px; font-size: 13px; }
.later input { border: 1px solid #adb5bd; border-radius: 6px; padding: 6px 8px; font-size: 14px; }
.later .row { display: flex; gap: 8px; }
.later .secondary { border: 1px solid #adb5bd; background: #fff; border-radius: 8px; padding: 6px 12px; cursor: pointer; }
.error { color: #c92a2a; font-size: 13px; padding: 0 16px; margin: 4px 0; }
.portal { display: block; padding: 0 16px 8px; font-size: 13px; color: var(--pd-color, #0b6e6e); }
`;
