//! Bolt message framing: a message is a PackStream structure split into chunks, each
//! prefixed with its 16-bit length, and ended by an empty chunk. An empty chunk between
//! messages is a keep-alive (NOOP) and is skipped.

use std::io;

use tokio::io::{AsyncRead, AsyncReadExt};

use crate::packstream::Pack;

/// Request messages, by signature byte.
pub mod tag {
    pub const HELLO: u8 = 0x01;
    pub const GOODBYE: u8 = 0x02;
    pub const RESET: u8 = 0x0F;
    pub const RUN: u8 = 0x10;
    pub const BEGIN: u8 = 0x11;
    pub const COMMIT: u8 = 0x12;
    pub const ROLLBACK: u8 = 0x13;
    pub const DISCARD: u8 = 0x2F;
    pub const PULL: u8 = 0x3F;
    pub const TELEMETRY: u8 = 0x54;
    pub const ROUTE: u8 = 0x66;
    pub const LOGON: u8 = 0x6A;
    pub const LOGOFF: u8 = 0x6B;
    pub const SUCCESS: u8 = 0x70;
    pub const RECORD: u8 = 0x71;
    pub const IGNORED: u8 = 0x7E;
    pub const FAILURE: u8 = 0x7F;
}

/// Largest message accepted from a peer; a limit against memory exhaustion, far above what
/// a loader batch needs.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

const MAX_CHUNK: usize = 0xFFFF;

/// Append `msg` to `out`, chunked and terminated.
pub fn frame(msg: &Pack, out: &mut Vec<u8>) {
    let mut body = Vec::new();
    msg.encode(&mut body);
    for chunk in body.chunks(MAX_CHUNK) {
        out.extend_from_slice(&(chunk.len() as u16).to_be_bytes());
        out.extend_from_slice(chunk);
    }
    out.extend_from_slice(&[0, 0]);
}

/// A message structure: `(signature, fields)`.
pub fn unframe(body: &[u8]) -> io::Result<(u8, Vec<Pack>)> {
    match Pack::decode(body).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))? {
        Pack::Struct(tag, fields) => Ok((tag, fields)),
        other => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a Bolt message must be a structure, got {other:?}"),
        )),
    }
}

fn too_big() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("message larger than {MAX_MESSAGE_BYTES} bytes"),
    )
}

/// Read one message body from an async stream; `None` at a clean end of stream.
pub async fn read_async<R: AsyncRead + Unpin>(r: &mut R) -> io::Result<Option<Vec<u8>>> {
    let mut body = Vec::new();
    loop {
        let mut len = [0u8; 2];
        match r.read_exact(&mut len).await {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof && body.is_empty() => {
                return Ok(None);
            }
            Err(e) => return Err(e),
        }
        let len = u16::from_be_bytes(len) as usize;
        if len == 0 {
            if body.is_empty() {
                continue;
            }
            return Ok(Some(body));
        }
        if body.len() + len > MAX_MESSAGE_BYTES {
            return Err(too_big());
        }
        let start = body.len();
        body.resize(start + len, 0);
        r.read_exact(&mut body[start..]).await?;
    }
}

/// Read one message body from a blocking stream.
pub fn read_sync<R: io::Read>(r: &mut R) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut len = [0u8; 2];
        r.read_exact(&mut len)?;
        let len = u16::from_be_bytes(len) as usize;
        if len == 0 {
            if body.is_empty() {
                continue;
            }
            return Ok(body);
        }
        if body.len() + len > MAX_MESSAGE_BYTES {
            return Err(too_big());
        }
        let start = body.len();
        body.resize(start + len, 0);
        r.read_exact(&mut body[start..])?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_messages_span_chunks_and_read_back() {
        let msg = Pack::Struct(
            tag::RECORD,
            vec![Pack::List(vec![Pack::str("x".repeat(200_000))])],
        );
        let mut wire = vec![0, 0]; // a NOOP first
        frame(&msg, &mut wire);
        let body = read_sync(&mut wire.as_slice()).unwrap();
        assert_eq!(
            unframe(&body).unwrap(),
            (
                tag::RECORD,
                vec![Pack::List(vec![Pack::str("x".repeat(200_000))])]
            )
        );
    }

    #[test]
    fn truncated_stream_is_an_error() {
        let mut wire = Vec::new();
        frame(&Pack::Struct(tag::RESET, vec![]), &mut wire);
        wire.truncate(3);
        assert!(read_sync(&mut wire.as_slice()).is_err());
    }
}
