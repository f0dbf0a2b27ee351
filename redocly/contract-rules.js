// Rules for openapi.yaml beyond Redocly's recommended set, so that a route documented too thinly fails the lint.

const hasExample = (node) => node?.example !== undefined || Object.keys(node?.examples ?? {}).length > 0;

/** A caller learns an operation fastest from an example: of its request body, a path or query parameter, or a 2XX/3XX answer. */
function OperationExample() {
  return {
    Operation(operation, { report, location, resolve }) {
      const deref = (node) => (node?.$ref ? resolve(node).node : node);
      const mediaTypes = (holder) => Object.values(deref(holder)?.content ?? {});
      const successes = Object.entries(operation.responses ?? {}).filter(([code]) => /^[23]/.test(code));
      const media = [...mediaTypes(operation.requestBody), ...successes.flatMap(([, response]) => mediaTypes(response))];
      // a header (such as Idempotency-Key) says nothing of what this operation is for
      const parameters = (operation.parameters ?? []).map(deref).filter((parameter) => parameter.in !== 'header');
      const shown = [...media, ...parameters].some((node) => hasExample(node) || hasExample(deref(node.schema)));
      if (shown) return;
      report({
        message:
          'Operation must show an example of its request body, a path or query parameter, or a 2XX/3XX response: ' +
          'zod `.meta({ examples: [...] })`, or return a component that has one.',
        location: location.key(),
      });
    },
  };
}

/** Redocly's operation-2xx-response (off in redocly.yaml) refuses an operation whose success is a redirect; 2XX or 3XX here. */
function OperationSuccessResponse() {
  return {
    Operation(operation, { report, location }) {
      if (Object.keys(operation.responses ?? {}).some((code) => /^[23]/.test(code))) return;
      report({ message: 'Operation must have a 2XX or 3XX response.', location: location.child('responses').key() });
    },
  };
}

/** Every status an operation answers is listed: a `default` would hide one the contract forgot. */
function NoDefaultResponse() {
  return {
    Operation(operation, { report, location }) {
      if (operation.responses?.default === undefined) return;
      report({ message: 'List every status this operation answers instead of a `default` response.', location: location.child(['responses', 'default']).key() });
    },
  };
}

export default function contractRules() {
  return {
    id: 'contract',
    rules: {
      oas3: { 'operation-example': OperationExample, 'operation-success-response': OperationSuccessResponse, 'no-default-response': NoDefaultResponse },
    },
  };
}
