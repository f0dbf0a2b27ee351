/* PortOne V2 sandbox: window.PortOne.requestPayment with the browser SDK's call shape and results. On PC the payment
   window is an iframe overlay and the returned Promise resolves with { transactionType, txId, paymentId, code?,
   message? }. With a redirectUrl and forceRedirect (or on a mobile browser) the page goes to the window and comes back
   to redirectUrl?paymentId=…(&code=…&message=…); the Promise never settles, as the page is left. */
(function () {
  var script = document.currentScript;
  var base = script ? script.src.replace(/\/browser-sdk\.js(\?.*)?$/, '') : '/sandbox/portone';
  var windowOrigin = new URL(base, location.href).origin;
  var REQUIRED = ['storeId', 'paymentId', 'orderName', 'totalAmount', 'currency', 'payMethod'];

  function isHttpUrl(url) {
    try { return /^https?:$/.test(new URL(url).protocol); } catch (e) { return false; }
  }
  function isMobile() {
    return /Mobi|Android|iPhone|iPad|iPod/i.test(navigator.userAgent);
  }
  // errors found before the payment starts are returned, never redirected (reference: forceRedirect)
  function problemOf(params) {
    if (!params || typeof params !== 'object') return 'requestPayment needs its parameters';
    for (var i = 0; i < REQUIRED.length; i += 1) {
      var value = params[REQUIRED[i]];
      if (value === undefined || value === null || value === '') return REQUIRED[i] + ' is required';
    }
    if (!params.channelKey && !params.channelGroupId) return 'channelKey or channelGroupId is required';
    if (typeof params.totalAmount !== 'number' || !Number.isInteger(params.totalAmount) || params.totalAmount <= 0) {
      return 'totalAmount must be a positive integer in the currency\'s minor unit';
    }
    if (params.redirectUrl !== undefined && !isHttpUrl(params.redirectUrl)) return 'redirectUrl must start with http:// or https://';
    if (params.noticeUrls !== undefined && (!Array.isArray(params.noticeUrls) || !params.noticeUrls.every(isHttpUrl))) {
      return 'noticeUrls must be http(s) URLs';
    }
    return null;
  }
  function windowUrl(state) {
    return base + '/checkout.html#' + encodeURIComponent(JSON.stringify(state));
  }

  function openOverlay(state, resolve) {
    var overlay = document.createElement('div');
    overlay.id = 'portone-sandbox-overlay';
    overlay.style.cssText = 'position:fixed;inset:0;background:rgba(15,23,42,.55);z-index:2147483647;display:flex;align-items:center;justify-content:center';
    var frame = document.createElement('iframe');
    frame.name = 'portone-sandbox-window';
    frame.title = 'PortOne sandbox payment window';
    frame.style.cssText = 'width:420px;max-width:96vw;height:600px;max-height:92vh;border:0;border-radius:14px;background:#fff;box-shadow:0 20px 60px rgba(0,0,0,.35)';
    frame.src = windowUrl(state);
    overlay.appendChild(frame);
    document.body.appendChild(overlay);
    function onMessage(event) {
      if (event.origin !== windowOrigin || event.source !== frame.contentWindow) return;
      if (!event.data || event.data.type !== 'portone-sandbox-response') return;
      window.removeEventListener('message', onMessage);
      overlay.remove();
      resolve(event.data.response);
    }
    window.addEventListener('message', onMessage);
  }

  window.PortOne = {
    requestPayment: function (params) {
      return new Promise(function (resolve) {
        var problem = problemOf(params);
        if (problem) {
          return resolve({ transactionType: 'PAYMENT', paymentId: params && params.paymentId, code: 'InvalidArgument', message: problem });
        }
        var mobile = isMobile();
        var state = { params: params, origin: location.origin, url: location.href, platform: mobile ? 'MOBILE' : 'PC' };
        if (params.redirectUrl && (params.forceRedirect === true || mobile)) {
          state.redirect = true;
          window.location.href = windowUrl(state);
          return;
        }
        openOverlay(state, resolve);
      });
    },
  };
})();
