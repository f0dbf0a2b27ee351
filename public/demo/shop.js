/* The demo shop's front end: exactly what a shop page does with IMP.request_pay and payment-verifier. */
(function () {
  var settings = document.currentScript.dataset;
  var sandbox = settings.sandbox === 'true';
  var UNIT = 12900;
  var won = function (n) { return '₩' + Number(n).toLocaleString('ko-KR'); };
  var $ = function (id) { return document.getElementById(id); };
  IMP.init(settings.impCode);
  // only the sandbox can forget a registered amount or take a deposit on demand
  if (!sandbox) document.querySelector('#tamper option[value="bypass"]').remove();

  $('quantity').addEventListener('input', function () { $('total').textContent = won(UNIT * (Number($('quantity').value) || 0)); });

  function show(kind, title, lines, extra) {
    var box = $('result');
    box.className = 'show ' + kind;
    box.dataset.outcome = title;
    box.innerHTML = '';
    var h = document.createElement('h2'); h.id = 'result-title'; h.textContent = title; box.appendChild(h);
    lines.forEach(function (line) { var p = document.createElement('p'); p.textContent = line; box.appendChild(p); });
    if (extra) box.appendChild(extra);
  }

  function showOrder(outcome, body) {
    var order = body.order || {};
    if (outcome === 'success') {
      var link = document.createElement('p');
      link.innerHTML = '<a id="receipt" target="_blank" rel="noopener">Receipt</a>';
      link.firstChild.href = '/demo/orders/' + order.merchant_uid;
      return show('ok', 'Payment complete', ['Paid ' + won(order.paid_amount), 'Order ' + order.merchant_uid], link);
    }
    if (outcome === 'vbankIssued') {
      var deposit = null;
      if (sandbox) {
        deposit = document.createElement('button');
        deposit.id = 'deposit'; deposit.type = 'button'; deposit.className = 'secondary';
        deposit.textContent = 'Sandbox: deposit ' + won(order.amount);
        deposit.onclick = function () { depositAndWatch(order); };
      }
      return show('info', 'Virtual account issued', [order.vbank.bank_name + ' ' + order.vbank.num, 'Holder ' + (order.vbank.holder || ''), 'Deposit ' + won(order.amount) + ' by ' + new Date(order.vbank.due_at).toLocaleString('ko-KR')], deposit);
    }
    if (outcome === 'forgery') return show('bad', 'Forgery caught', ['The payment i\'mport reported does not match the order, so the server refused it.', body.message]);
    return show('bad', 'Payment failed', [body.message || 'The payment did not go through.']);
  }

  function depositAndWatch(order) {
    fetch('/sandbox/iamport/__control/payments/' + order.imp_uid + '/deposit', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      .then(function () { return poll(order.merchant_uid, 40); });
  }

  function poll(merchantUid, tries) {
    return fetch('/demo/orders/' + merchantUid).then(function (r) { return r.json(); }).then(function (order) {
      if (order.status === 'paid') return showOrder('success', { order: order });
      if (tries > 0) setTimeout(function () { poll(merchantUid, tries - 1); }, 250);
    });
  }

  function verify(rsp) {
    if (!rsp.imp_uid) return show('bad', 'Payment failed', [rsp.error_msg || 'The payment window was closed.']);
    fetch('/payments/complete', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ imp_uid: rsp.imp_uid, merchant_uid: rsp.merchant_uid }) })
      .then(function (r) { return r.json(); })
      .then(function (body) { showOrder(body.status, body); });
  }

  $('checkout').addEventListener('submit', function (event) {
    event.preventDefault();
    $('pay').disabled = true;
    var buyer = { name: $('buyer-name').value, email: $('buyer-email').value, tel: $('buyer-tel').value };
    fetch('/demo/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ quantity: Number($('quantity').value), buyer: buyer }) })
      .then(function (r) { return r.json(); })
      .then(function (order) {
        $('pay').disabled = false;
        if (!order.merchant_uid) return show('bad', 'Could not create the order', [order.message || '']);
        var tamper = $('tamper').value;
        var params = {
          pg: 'html5_inicis.INIpayTest', pay_method: $('pay-method').value, merchant_uid: order.merchant_uid, name: order.name,
          // a tampered script asks for less; i'mport's pre-registered amount or the server's own check catches it
          amount: tamper ? 100 : order.amount, currency: 'KRW',
          buyer_name: buyer.name, buyer_email: buyer.email, buyer_tel: buyer.tel,
        };
        if ($('flow').value === 'mobile') params.m_redirect_url = location.origin + '/payments/complete';
        // 'bypass': the sandbox forgets the registered amount, as a PG that does not enforce it would
        var ready = tamper === 'bypass'
          ? fetch('/sandbox/iamport/__control/prepared/' + encodeURIComponent(order.merchant_uid), { method: 'DELETE' })
          : Promise.resolve();
        ready.then(function () { IMP.request_pay(params, verify); });
      });
  });
})();
