/* The demo shop's front end, on the checkout kit (PaymentCheckout, clients/browser): what a shop page does. The
   server route /demo/orders stands in for the shop's own server, which creates the order with POST /orders. */
(function () {
  var settings = document.currentScript.dataset;
  var sandbox = settings.sandbox === 'true';
  var UNIT = 12900;
  var TONE = { paid: 'ok', already_paid: 'ok', awaiting_deposit: 'info', not_confirmed: 'info', closed: 'warn', cancelled: 'warn', refused: 'bad', forgery_refunded: 'bad', expired: 'bad' };
  var $ = function (id) { return document.getElementById(id); };
  var won = PaymentCheckout.won;
  IMP.init(settings.impCode);
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

  function depositButton(outcome) {
    var button = element('button', 'Sandbox: deposit ' + won(outcome.amount), 'deposit');
    button.type = 'button';
    button.className = 'secondary';
    button.onclick = function () {
      button.disabled = true;
      fetch('/sandbox/iamport/__control/payments/' + outcome.imp_uid + '/deposit', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    };
    return button;
  }

  /** Every outcome the kit reports, as it happens: the first, then each while the order settles. */
  function render(outcome) {
    var box = $('result');
    box.className = 'show ' + TONE[outcome.kind];
    box.dataset.outcome = outcome.kind;
    box.innerHTML = '';
    box.appendChild(element('h2', outcome.title, 'result-title'));
    // an account is shown as a table rather than the kit's sentence
    box.appendChild(element('p', outcome.kind === 'awaiting_deposit' ? '아래 계좌로 기한 안에 입금하시면 결제가 완료됩니다.' : outcome.message, 'result-message'));
    if (outcome.kind === 'awaiting_deposit') {
      box.appendChild(accountRows(outcome));
      if (sandbox && outcome.imp_uid) box.appendChild(depositButton(outcome));
    }
    box.appendChild(element('p', '주문번호 ' + outcome.merchant_uid, 'result-order'));
  }

  $('checkout').addEventListener('submit', function (event) {
    event.preventDefault();
    $('pay').disabled = true;
    var buyer = { name: $('buyer-name').value, email: $('buyer-email').value, tel: $('buyer-tel').value };
    fetch('/demo/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ quantity: Number($('quantity').value), buyer: buyer }) })
      .then(function (r) { return r.json(); })
      .then(function (order) {
        $('pay').disabled = false;
        if (!order.status_url) {
          $('result').className = 'show bad';
          return void ($('result').textContent = 'Could not create the order: ' + (order.message || ''));
        }
        var tamper = $('tamper').value;
        // 'bypass': the sandbox forgets the registered amount, as a PG that does not enforce it would
        var ready = tamper === 'bypass'
          ? fetch('/sandbox/iamport/__control/prepared/' + encodeURIComponent(order.merchant_uid), { method: 'DELETE' })
          : Promise.resolve();
        return ready.then(function () {
          return PaymentCheckout.pay(order, {
            pg: 'html5_inicis.INIpayTest',
            pay_method: $('pay-method').value,
            flow: $('flow').value,
            // a tampered script asks for less; i'mport's pre-registered amount or the server's own check catches it
            params: { buyer_name: buyer.name, buyer_email: buyer.email, buyer_tel: buyer.tel, amount: tamper ? 100 : order.amount },
            onOutcome: render,
          });
        });
      });
  });
})();
