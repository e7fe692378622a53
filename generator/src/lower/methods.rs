//! The client's method names: every operation's plain method, its
//! `_with_response` method and its `_stream` method, all claimed in one
//! scope so that no two collide, nor collide with the client's own methods.

use super::Lower;
use crate::diag::escape_token;
use crate::ir::{ClientMethod, MethodKind, Operation, ResponseKind};
use crate::names::{sanitize, Case};

impl Lower<'_, '_> {
    /// Names every method. The operations' own names are claimed first, so
    /// an operation keeps its name even when another operation's suffixed
    /// method would have taken it (`getThingWithResponse` beside
    /// `getThing`); the suffixed method gets a numbered name instead.
    pub(super) fn name_methods(&mut self, ops: &mut [Operation]) {
        let bases: Vec<String> = ops.iter().map(|op| self.claim_method(op, &op.api_name, MethodKind::Plain)).collect();
        for (op, base) in ops.iter_mut().zip(bases) {
            let mut methods = vec![ClientMethod { name: base.clone(), kind: MethodKind::Plain }];
            let mut add = |this: &mut Self, suffix: &str, kind| {
                let name = this.claim_method(op, &format!("{base}{suffix}"), kind);
                methods.push(ClientMethod { name, kind });
            };
            add(self, "_with_response", MethodKind::WithResponse);
            match (op.stream.is_some(), op.binary || op.response == ResponseKind::Bytes) {
                // Both a file and events (speech): `_stream` gives the events.
                (true, true) if op.binary => {
                    add(self, "_stream", MethodKind::EventStream);
                    add(self, "_byte_stream", MethodKind::ByteStream);
                }
                (true, _) => add(self, "_stream", MethodKind::EventStream),
                (false, true) => add(self, "_stream", MethodKind::ByteStream),
                (false, false) => {}
            }
            op.methods = methods;
        }
    }

    /// Claims `wanted` (sanitized) for one method, saying so when it was
    /// taken.
    fn claim_method(&mut self, op: &Operation, wanted: &str, kind: MethodKind) -> String {
        let name = self.method_scope.claim(wanted, Case::Value);
        let natural = sanitize(wanted, Case::Value);
        if name != natural {
            let at =
                format!("/paths/{}/{}/operationId", escape_token(&op.path), op.method.as_str().to_ascii_lowercase());
            let message = match kind {
                MethodKind::Plain => format!(
                    "`{}` gives the method name `{natural}`, which an earlier operation or the client already has; this one is called `{name}`",
                    op.api_name
                ),
                _ => format!(
                    "the method giving {} for `{}` would be `{natural}`, which another method has; it is called `{name}`",
                    kind.describe(),
                    op.api_name
                ),
            };
            self.diags.warning(&at, message);
        }
        name
    }
}
