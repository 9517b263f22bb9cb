//! kaohe for Java: the native methods of `io.github.kaohe.Native`. Values cross as UTF-8 text
//! (JSON with decimals as strings, as the JSON contract writes them; rows to score as a table of
//! JSON cells, and scorings back as lines of numbers, `kaohe::line`) and a loaded ruleset as a
//! handle; a refusal is thrown as `io.github.kaohe.NativeFailure` carrying the contract's error as
//! JSON, which the Java side turns into `RulesetException` or `InputException`. A panic becomes a
//! `RuntimeException`, never a crash. No scoring logic lives here.

#![deny(clippy::arithmetic_side_effects)]

mod boundary;

use std::cell::RefCell;

use jni::objects::{JByteArray, JClass, JObject, JString};
use jni::strings::JNIString;
use jni::sys::{jbyteArray, jlong, jstring};
use jni::{jni_sig, jni_str, Env, EnvUnowned};

use boundary::{Failure, Lines, Loaded};

type Outcome<T> = Result<T, jni::errors::Error>;

/// Turns a boundary result into the native method's return value, throwing the failure.
fn finish<T: Default>(env: &mut Env<'_>, result: Result<T, Failure>) -> Outcome<T> {
    match result {
        Ok(value) => Ok(value),
        Err(failure) => {
            env.throw_new(jni_str!("io/github/kaohe/NativeFailure"), JNIString::new(failure.to_json()))?;
            Ok(T::default())
        }
    }
}

fn text(env: &Env<'_>, value: &JString<'_>) -> Outcome<String> {
    value.try_to_string(env)
}

fn optional_text(env: &Env<'_>, value: &JString<'_>) -> Outcome<Option<String>> {
    if value.is_null() {
        Ok(None)
    } else {
        text(env, value).map(Some)
    }
}

fn java_string(env: &mut Env<'_>, result: Result<String, Failure>) -> Outcome<jstring> {
    let result = match result {
        Ok(value) => JString::from_str(env, value).map(|s| Ok(s.into_raw()))?,
        Err(failure) => Err(failure),
    };
    finish(env, result)
}

/// UTF-8 text from Java (`String.getBytes(UTF_8)`), or none for null: JSON crosses as bytes, which
/// costs a copy where a Java string would cost two conversions through modified UTF-8.
fn utf8(env: &Env<'_>, bytes: &JByteArray<'_>) -> Outcome<Option<String>> {
    if bytes.is_null() {
        return Ok(None);
    }
    let bytes = env.convert_byte_array(bytes)?;
    Ok(Some(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())))
}

fn java_bytes(env: &mut Env<'_>, result: Result<String, Failure>) -> Outcome<jbyteArray> {
    let result = match result {
        Ok(value) => env.byte_array_from_slice(value.as_bytes()).map(|b| Ok(b.into_raw()))?,
        Err(failure) => Err(failure),
    };
    finish(env, result)
}

/// The ruleset a handle from `builtin` or `fromToml` points at. The Java side keeps the handle
/// alive (a read lock) for as long as a call uses it and frees it once.
fn ruleset<'a>(handle: jlong) -> Result<&'a Loaded, Failure> {
    if handle == 0 {
        return Err(Failure::Argument("the ruleset is closed".into()));
    }
    // SAFETY: a non-zero handle is a `Box<Loaded>` leaked by `handle_of` and not yet freed:
    // `Ruleset.close` takes the write lock before `free`, every call holds the read lock.
    Ok(unsafe { &*(handle as *const Loaded) })
}

fn handle_of(ruleset: kaohe::Ruleset) -> jlong {
    Box::into_raw(Box::new(Loaded::new(ruleset))) as jlong
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_kaohe_Native_catalogue<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
) -> jstring {
    env.with_env(|env| -> Outcome<jstring> { java_string(env, boundary::catalogue()) })
        .resolve::<jni::errors::ThrowRuntimeExAndDefault>()
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_kaohe_Native_source<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    id: JString<'l>,
) -> jstring {
    env.with_env(|env| -> Outcome<jstring> {
        let id = text(env, &id)?;
        match kaohe::builtin::source(&id) {
            Some(source) => java_string(env, Ok(source.to_owned())),
            None => Ok(std::ptr::null_mut()),
        }
    })
    .resolve::<jni::errors::ThrowRuntimeExAndDefault>()
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_kaohe_Native_builtin<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    id: JString<'l>,
) -> jlong {
    env.with_env(|env| -> Outcome<jlong> {
        let id = text(env, &id)?;
        let loaded = kaohe::builtin::load(&id).map(handle_of).map_err(Failure::Ruleset);
        finish(env, loaded)
    })
    .resolve::<jni::errors::ThrowRuntimeExAndDefault>()
}

/// Loads TOML text; an `extends` is looked up with `resolver` (a `java.util.function.Function`
/// from a name to TOML text, or null) first, then among the built-ins.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_kaohe_Native_fromToml<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    source: JString<'l>,
    origin: JString<'l>,
    resolver: JObject<'l>,
) -> jlong {
    env.with_env(|env| -> Outcome<jlong> {
        let source = text(env, &source)?;
        let origin = optional_text(env, &origin)?.unwrap_or_else(|| "<java>".into());
        // The resolver's own failure (an exception thrown in Java) stops the load and is rethrown.
        let thrown = RefCell::new(None);
        let loaded = {
            let env = RefCell::new(&mut *env);
            let resolve = |name: &str| -> Option<kaohe::Extended> {
                if !resolver.is_null() && thrown.borrow().is_none() {
                    match resolve_in_java(&mut env.borrow_mut(), &resolver, name) {
                        Ok(Some(text)) => return Some(kaohe::Extended { origin: name.into(), text }),
                        Ok(None) => {}
                        Err(e) => {
                            *thrown.borrow_mut() = Some(e);
                            return None;
                        }
                    }
                }
                kaohe::builtin::extended(name)
            };
            kaohe::Ruleset::from_toml_with(&source, &origin, &resolve)
        };
        if let Some(error) = thrown.into_inner() {
            return Err(error);
        }
        finish(env, loaded.map(handle_of).map_err(Failure::Ruleset))
    })
    .resolve::<jni::errors::ThrowRuntimeExAndDefault>()
}

fn resolve_in_java(env: &mut Env<'_>, resolver: &JObject<'_>, name: &str) -> Outcome<Option<String>> {
    let name = JString::from_str(env, name)?;
    let found = env
        .call_method(resolver, jni_str!("apply"), jni_sig!((JObject) -> JObject), &[(&name).into()])?
        .l()?;
    if found.is_null() {
        return Ok(None);
    }
    let found = env.cast_local::<JString>(found)?;
    text(env, &found).map(Some)
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_kaohe_Native_free<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
) {
    env.with_env(|_| -> Outcome<()> {
        if handle != 0 {
            // SAFETY: see `ruleset`; the Java side frees each handle once, under the write lock.
            drop(unsafe { Box::from_raw(handle as *mut Loaded) });
        }
        Ok(())
    })
    .resolve::<jni::errors::ThrowRuntimeExAndDefault>()
}

/// Defines a native method of one ruleset taking UTF-8 texts (JSON, or a name) and returning one.
macro_rules! ruleset_call {
    ($java:ident, |$ruleset:ident $(, $arg:ident)*| $body:expr) => {
        #[unsafe(no_mangle)]
        pub extern "system" fn $java<'l>(
            mut env: EnvUnowned<'l>,
            _class: JClass<'l>,
            handle: jlong,
            $($arg: JByteArray<'l>,)*
        ) -> jbyteArray {
            env.with_env(|env| -> Outcome<jbyteArray> {
                $(let $arg = utf8(env, &$arg)?;)*
                let result = ruleset(handle).and_then(|$ruleset| $body);
                java_bytes(env, result)
            })
            .resolve::<jni::errors::ThrowRuntimeExAndDefault>()
        }
    };
}

ruleset_call!(Java_io_github_kaohe_Native_describe, |r| boundary::describe(r));
ruleset_call!(Java_io_github_kaohe_Native_score, |r, inputs| boundary::score(r, inputs, false));
ruleset_call!(Java_io_github_kaohe_Native_explain, |r, inputs| boundary::score(r, inputs, true));
ruleset_call!(Java_io_github_kaohe_Native_card, |r, row| boundary::numbers(r, row, Lines::Card, false));
ruleset_call!(Java_io_github_kaohe_Native_cards, |r, rows| boundary::numbers(r, rows, Lines::Card, true));
ruleset_call!(Java_io_github_kaohe_Native_explained, |r, row| {
    boundary::numbers(r, row, Lines::Explained, false)
});
ruleset_call!(Java_io_github_kaohe_Native_explainedAll, |r, rows| {
    boundary::numbers(r, rows, Lines::Explained, true)
});
ruleset_call!(Java_io_github_kaohe_Native_numbers, |r, row| boundary::numbers(r, row, Lines::Numbers, false));
ruleset_call!(Java_io_github_kaohe_Native_numbersAll, |r, rows| {
    boundary::numbers(r, rows, Lines::Numbers, true)
});
ruleset_call!(Java_io_github_kaohe_Native_outline, |r| boundary::outline(r));
ruleset_call!(Java_io_github_kaohe_Native_defaultKind, |r| Ok(r.default_kind().to_owned()));
ruleset_call!(Java_io_github_kaohe_Native_rollUp, |r, period, months, given| {
    boundary::roll_up(r, period, months, given)
});
ruleset_call!(Java_io_github_kaohe_Native_rank, |r, standings| boundary::rank(r, standings));
ruleset_call!(Java_io_github_kaohe_Native_render, |r, inputs, lang, format| {
    boundary::render(r, inputs, lang, format)
});
