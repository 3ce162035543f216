"""PAdES signatures with pyHanko: sign a PDF with an e.firma held in memory, and read the signatures of a PDF.

An e.firma (the SAT's advanced electronic signature) is an X.509 certificate
(``.cer``, DER) and its private key (``.key``, PKCS#8 DER encrypted with the
signer's password). Everything here works on bytes in memory: no temporary
file, no storage, no cache. A signature is PAdES B-B (B-T when a timestamp
authority is configured) added as an incremental update, so the signatures
already in the file stay valid; each one has a visible box on the last page
with the signer's name from the certificate, the date, the post and where to
verify the document.
"""

import asyncio
import datetime
import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from io import BytesIO

import segno
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import load_der_private_key
from cryptography.x509.oid import NameOID
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, InnerScaling, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore


class SignatureError(Exception):
    """An e.firma that cannot sign (wrong password, key of another certificate, expired): its message is Spanish."""


@dataclass(frozen=True)
class EFirma:
    """A certificate and its private key, loaded in memory for one signature only."""

    certificate: x509.Certificate
    key: object  # a cryptography private key

    @property
    def signer_name(self) -> str:
        names = self.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        return str(names[0].value) if names else self.certificate.subject.rfc4514_string()

    @property
    def serial(self) -> str:
        return format(self.certificate.serial_number, "x")


def efirma_load(*, cer: bytes, key: bytes, password: str, now: datetime.datetime) -> EFirma:
    """The e.firma in ``cer`` and ``key`` opened with ``password``; ``SignatureError`` says why it cannot sign."""
    try:
        certificate = x509.load_der_x509_certificate(cer)
    except ValueError:
        try:
            certificate = x509.load_pem_x509_certificate(cer)
        except ValueError as error:
            raise SignatureError(_("El archivo .cer no es un certificado válido.")) from error
    try:
        private_key = load_der_private_key(key, password=password.encode("utf-8") or None)
    except TypeError as error:  # no password given for an encrypted key, or one given for a plain key
        raise SignatureError(_("La contraseña de la llave privada no es correcta.")) from error
    except ValueError as error:  # a wrong password, or a file that is not a key at all
        raise SignatureError(_("La contraseña de la llave privada no es correcta.")) from error
    except Exception as error:  # an unsupported key type or encryption: never a 500
        raise SignatureError(_("El archivo .key no es una llave privada que se pueda usar.")) from error
    public = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if private_key.public_key().public_bytes(*public) != certificate.public_key().public_bytes(*public):
        raise SignatureError(_("La llave privada no corresponde al certificado."))
    if now > certificate.not_valid_after_utc:
        raise SignatureError(_("El certificado venció el %(date)s.") % {"date": certificate.not_valid_after_utc.date()})
    if now < certificate.not_valid_before_utc:
        raise SignatureError(_("El certificado aún no es válido."))
    return EFirma(certificate=certificate, key=private_key)


def _signer(efirma: EFirma) -> signers.SimpleSigner:
    """A pyHanko signer from the objects in memory (the key re-encoded in memory, never written anywhere)."""
    der_key = efirma.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    certificate = asn1_x509.Certificate.load(efirma.certificate.public_bytes(serialization.Encoding.DER))
    return signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs([certificate]),
    )


STAMP_TEXT = "%(firmado)s: %(signer)s\n%(post)s\n%(fecha)s: %(ts)s\n%(verificar)s: %(url)s"
# The boxes sit two by row above the page's footer (the letterhead's address and "Página N de M"), from the
# bottom up: the first signature at the left, the second at the right, the third above the first…
BOX_WIDTH, BOX_HEIGHT, LEFT, BOTTOM = 260, 62, 40, 76


def qr_content(url: str, side: float) -> RawContent:
    """The QR code of ``url`` (segno), ``side`` points wide, as PDF drawing operators: a square per dark module."""
    matrix = [list(line) for line in segno.make(url, error="m").matrix_iter(border=2)]  # with a quiet zone
    size = len(matrix)
    squares = [
        f"{column} {size - 1 - row} 1 1 re"
        for row, line in enumerate(matrix)
        for column, dark in enumerate(line)
        if dark
    ]
    scale = side / size
    data = (f"q {scale:.4f} 0 0 {scale:.4f} 0 0 cm 0 g " + " ".join(squares) + " f Q").encode("ascii")
    return RawContent(data=data, box=BoxConstraints(width=side, height=side))


def signature_count(pdf: bytes) -> int:
    return len(PdfFileReader(BytesIO(pdf)).embedded_signatures)


def outside_event_loop(function, *args, **kwargs):
    """Call one of pyHanko's synchronous functions, which run ``asyncio.run`` inside: in this thread, or in a
    worker thread when this one already runs an event loop (asyncio.run refuses to nest; a test process that
    drove a browser with Playwright's sync API keeps one)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def timestamper_for(url: str) -> timestamps.TimeStamper | None:
    """The timestamp authority at ``url`` (RFC 3161 over HTTP), which makes a signature PAdES B-T; None: B-B."""
    return timestamps.HTTPTimeStamper(url) if url else None


def pdf_sign(*, pdf: bytes, efirma: EFirma, post: str, verify_url: str, tsa_url: str = "") -> bytes:
    """``pdf`` with one more PAdES signature by ``efirma`` as an incremental update, with its visible box."""
    reader_count = signature_count(pdf)
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    column, row = reader_count % 2, reader_count // 2
    left = LEFT + column * (BOX_WIDTH + 12)
    bottom = BOTTOM + row * (BOX_HEIGHT + 8)
    field_name = f"Firma{reader_count + 1}"
    fields.append_signature_field(
        writer,
        fields.SigFieldSpec(
            sig_field_name=field_name, on_page=-1, box=(left, bottom, left + BOX_WIDTH, bottom + BOX_HEIGHT)
        ),
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        name=efirma.signer_name,
        reason=post or None,
        use_pades_lta=False,
    )
    style = TextStampStyle(
        stamp_text=STAMP_TEXT,
        border_width=1,
        timestamp_format="%d/%m/%Y %H:%M (UTC%z)",
        # The QR code of the verification page at the right of the box; the text at its left.
        background=qr_content(verify_url, BOX_HEIGHT - 8),
        background_opacity=1,
        background_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MAX,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins(right=4, top=4, bottom=4),
            inner_content_scaling=InnerScaling.NO_SCALING,
        ),
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins(left=4, right=BOX_HEIGHT, top=4, bottom=4),
        ),
    )
    pdf_signer = signers.PdfSigner(
        metadata, signer=_signer(efirma), stamp_style=style, timestamper=timestamper_for(tsa_url)
    )
    output = outside_event_loop(
        pdf_signer.sign_pdf,
        writer,
        appearance_text_params={
            "firmado": _("Firmado electrónicamente por"),
            "post": post,
            "fecha": _("Fecha"),
            "verificar": _("Verificar"),
            "url": verify_url,
        },
    )
    return output.getvalue()


@dataclass(frozen=True)
class FoundSignature:
    """One signature found in a PDF, as pyHanko's validation reads it."""

    signer_name: str
    signed_at: datetime.datetime | None
    intact: bool  # the bytes it covers are the ones that were signed
    valid: bool  # the cryptographic signature checks out
    trusted: bool  # the certificate chains to a configured authority
    covers_whole_file: bool  # nothing but other signatures was added after it
    error: str = ""
    timestamped: bool = False  # it carries an intact timestamp token (PAdES B-T)


def pdf_signatures(pdf: bytes, *, trust_roots: list[bytes]) -> list[FoundSignature]:
    """The signatures in ``pdf`` with their state; ``ValueError`` if the file is not a readable PDF."""
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as error:  # pyHanko raises many kinds of errors on a broken file
        raise ValueError(str(error)) from error
    roots = [asn1_x509.Certificate.load(_der(root)) for root in trust_roots]
    found = []
    for signature in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = outside_event_loop(validate_pdf_signature, signature, context)
        except Exception as error:  # a signature that cannot be read is reported, not raised
            found.append(FoundSignature("", None, False, False, False, False, error=str(error)[:200]))
            continue
        subject = status.signing_cert.subject.native if status.signing_cert else {}
        timestamp = status.timestamp_validity
        found.append(
            FoundSignature(
                signer_name=str(subject.get("common_name", "")),
                signed_at=signature.self_reported_timestamp,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                covers_whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
                timestamped=timestamp is not None and bool(timestamp.intact and timestamp.valid),
            )
        )
    return found


def _der(certificate: bytes) -> bytes:
    """DER bytes of a certificate given in DER or PEM."""
    if certificate.lstrip().startswith(b"-----BEGIN"):
        return x509.load_pem_x509_certificate(certificate).public_bytes(serialization.Encoding.DER)
    return certificate


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
