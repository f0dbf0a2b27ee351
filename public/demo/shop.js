/* The demo shop's front end, on the checkout kit (PaymentCheckout, clients/browser): what a shop page does. The
   server route /demo/orders stands in for the shop's own server, which creates the order with POST /orders. */
(function () {
  var settings = document.currentScript.dataset;
  var sandbox = settings.sandbox === 'true';
  var providers = settings.providers ? settings.providers.split(',') : [];
  // V2's store and channel come from the server (PORTONE_STORE_ID, PORTONE_CHANNEL_KEY), its SDK from PortOne's CDN
  var portone = { storeId: settings.portoneStoreId, channelKey: settings.portoneChannelKey, sdk: settings.portoneSdk };
  // the simulators' control APIs, which stand in for a PG that forgets a registered amount or a buyer who deposits
  var CONTROL = { iamport: '/sandbox/iamport/__control', portone: '/sandbox/portone/__control' };
  var UNIT = 12900;
  var TONE = { paid: 'ok', already_paid: 'ok', awaiting_deposit: 'info', not_confirmed: 'info', closed: 'warn', cancelled: 'warn', refused: 'bad', forgery_refunded: 'bad', expired: 'bad' };
  var $ = function (id) { return document.getElementById(id); };
  var won = PaymentCheckout.won;
  if (providers.indexOf('iamport') >= 0) IMP.init(settings.impCode);
  // offered: the PSPs this instance is configured for, its default first
  Array.prototype.slice.call($('provider').options).forEach(function (option) {
    if (providers.indexOf(option.value) < 0) option.remove();
  });
  providers.forEach(function (provider) { $('provider').appendChild($('provider').querySelector('option[value="' + provider + '"]')); });
  $('provider').selectedIndex = 0;
  // only the sandbox can forget a registered amount or take a deposit on demand
  if (!sandbox) document.querySelector('#tamper option[value="bypass"]').remove();

  $('quantity').addEventListener('input', function () { $('total').textContent = won(UNIT * (Number($('quantity').value) || 0)); });

  function element(tag, text, id) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (id) node.id = id;
    return node;
  }

  function accountRows(outcome) {
    var list = document.createElement('dl');
    list.id = 'account';
    [['은행', outcome.account.bank], ['계좌번호', outcome.account.account], ['예금주', outcome.account.holder || ''], ['입금하실 금액', won(outcome.amount)], ['입금 기한', (outcome.account.due || '') + '까지']]
      .forEach(function (row) { list.appendChild(element('dt', row[0])); list.appendChild(element('dd', row[1])); });
    return list;
  }

  /** V1 deposits into i'mport's payment (imp_uid), V2 into the payment the order is (its merchant_uid is the paymentId). */
  function depositButton(outcome, provider) {
    var button = element('button', 'Sandbox: deposit ' + won(outcome.amount), 'deposit');
    button.type = 'button';
    button.className = 'secondary';
    button.onclick = function () {
      button.disabled = true;
      var payment = provider === 'portone' ? outcome.merchant_uid : outcome.imp_uid;
      fetch(CONTROL[provider] + '/payments/' + encodeURIComponent(payment) + '/deposit', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    };
    return button;
  }

  /** Every outcome the kit reports, as it happens: the first, then each while the order settles. */
  function render(provider, outcome) {
    var box = $('result');
    box.className = 'show ' + TONE[outcome.kind];
    box.dataset.outcome = outcome.kind;
    box.innerHTML = '';
    box.appendChild(element('h2', outcome.title, 'result-title'));
    // an account is shown as a table rather than the kit's sentence
    box.appendChild(element('p', outcome.kind === 'awaiting_deposit' ? '아래 계좌로 기한 안에 입금하시면 결제가 완료됩니다.' : outcome.message, 'result-message'));
    if (outcome.kind === 'awaiting_deposit') {
      box.appendChild(accountRows(outcome));
      if (sandbox && (provider === 'portone' || outcome.imp_uid)) box.appendChild(depositButton(outcome, provider));
    }
    box.appendChild(element('p', '주문번호 ' + outcome.merchant_uid, 'result-order'));
  }

  function problem(text) {
    $('pay').disabled = false;
    $('result').className = 'show bad';
    $('result').textContent = text;
  }

  $('checkout').addEventListener('submit', function (event) {
    event.preventDefault();
    $('pay').disabled = true;
    var buyer = { name: $('buyer-name').value, email: $('buyer-email').value, tel: $('buyer-tel').value };
    var body = { quantity: Number($('quantity').value), buyer: buyer, provider: $('provider').value || undefined };
    fetch('/demo/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); })
      .then(function (order) {
        $('pay').disabled = false;
        if (!order.status_url) return void problem('Could not create the order: ' + (order.message || ''));
        var tamper = $('tamper').value;
        var v2 = order.provider === 'portone';
        // 'bypass': the sandbox forgets the registered amount, as a PG that does not enforce it would
        var forget = CONTROL[order.provider] + (v2 ? '/pre-registered/' : '/prepared/') + encodeURIComponent(order.merchant_uid);
        var ready = tamper === 'bypass' ? fetch(forget, { method: 'DELETE' }) : Promise.resolve();
        var buyerParams = v2
          ? { customer: { fullName: buyer.name, email: buyer.email, phoneNumber: buyer.tel } }
          : { buyer_name: buyer.name, buyer_email: buyer.email, buyer_tel: buyer.tel };
        // a tampered script asks for less; the pre-registered amount or the server's own check catches it
        if (tamper) buyerParams[v2 ? 'totalAmount' : 'amount'] = 100;
        return ready.then(function () {
          return PaymentCheckout.pay(order, {
            pg: 'html5_inicis.INIpayTest',
            portone: portone,
            pay_method: $('pay-method').value,
            flow: $('flow').value,
            params: buyerParams,
            onOutcome: function (outcome) { render(order.provider, outcome); },
          });
        });
      })
      // the kit rejects only when no payment window could be opened
      .catch(function (error) { problem('Could not open the payment window: ' + error.message); });
  });
})();
