/* i'mport sandbox: IMP.init / IMP.request_pay with the real parameter and rsp shapes. The payment window is an
   iframe overlay; with m_redirect_url the whole page goes to the window and comes back with the query string. */
(function () {
  var script = document.currentScript;
  var base = script ? script.src.replace(/\/iamport\.js(\?.*)?$/, '') : '/sandbox/iamport';
  var windowOrigin = new URL(base, location.href).origin;
  var merchantCode = null;

  // the window answers this page's origin only, and never navigates to anything but http(s)
  function windowUrl(params) {
    return base + '/checkout.html#' + encodeURIComponent(JSON.stringify({ params: params, code: merchantCode, origin: location.origin }));
  }
  function isHttpUrl(url) {
    try { return /^https?:$/.test(new URL(url).protocol); } catch (e) { return false; }
  }

  function openOverlay(params, callback) {
    var overlay = document.createElement('div');
    overlay.id = 'imp-sandbox-overlay';
    overlay.style.cssText = 'position:fixed;inset:0;background:rgba(15,23,42,.55);z-index:2147483647;display:flex;align-items:center;justify-content:center';
    var frame = document.createElement('iframe');
    frame.name = 'imp-sandbox-window';
    frame.title = "i'mport sandbox payment window";
    frame.style.cssText = 'width:420px;max-width:96vw;height:560px;max-height:92vh;border:0;border-radius:14px;background:#fff;box-shadow:0 20px 60px rgba(0,0,0,.35)';
    frame.src = windowUrl(params);
    overlay.appendChild(frame);
    document.body.appendChild(overlay);
    function onMessage(event) {
      if (event.origin !== windowOrigin || event.source !== frame.contentWindow) return;
      if (!event.data || event.data.type !== 'imp-sandbox-rsp') return;
      window.removeEventListener('message', onMessage);
      overlay.remove();
      if (typeof callback === 'function') callback(event.data.rsp);
    }
    window.addEventListener('message', onMessage);
  }

  window.IMP = {
    init: function (code) { merchantCode = code; },
    request_pay: function (params, callback) {
      if (!merchantCode) throw new Error('IMP.init(가맹점 식별코드)를 먼저 호출해 주세요.');
      if (params && params.m_redirect_url) {
        if (isHttpUrl(params.m_redirect_url)) return void (window.location.href = windowUrl(params));
        var rsp = { success: false, error_code: 'F400', error_msg: 'm_redirect_url은 http(s) URL이어야 합니다.', merchant_uid: params.merchant_uid };
        if (typeof callback === 'function') callback(rsp);
        return;
      }
      openOverlay(params || {}, callback);
    },
  };
})();
