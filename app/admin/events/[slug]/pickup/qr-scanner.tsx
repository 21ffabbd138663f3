"use client";
import type { IScannerControls } from "@zxing/browser";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, type ChangeEvent } from "react";

/** Photos from a phone camera are large; the code is found faster (and as surely) in a smaller copy. */
const PHOTO_MAX_SIDE = 1280;

type CameraProblem = "cameraBlocked" | "noCamera" | "cameraUnavailable";

function cameraProblemOf(error: unknown): CameraProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "cameraBlocked";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "NotReadableError") return "noCamera";
  return "cameraUnavailable";
}

async function qrReader() {
  // Loaded on first use: the desk page stays light until someone scans.
  const { BrowserQRCodeReader } = await import("@zxing/browser");
  return new BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: 150 });
}

/**
 * A reader for a picture that is the code itself (a screenshot or a saved image of the email's QR code). zxing's
 * detector misses some codes even in a perfect image, more the more pixels each module has (of 1,500 random tokens,
 * 1 at 2 px per module, 64 at 6 px), and such an image stays unreadable however often it is tried; read as a pure
 * barcode, every such image we tried decodes. Used when the detector found nothing.
 */
async function pureImageQrReader() {
  const [{ BrowserQRCodeReader }, { DecodeHintType }] = await Promise.all([import("@zxing/browser"), import("@zxing/library")]);
  return new BrowserQRCodeReader(new Map([[DecodeHintType.PURE_BARCODE, true]]));
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error("image"));
    img.src = url;
  });
}

/**
 * Reads a pickup QR code: continuously from the camera (@zxing/browser; the back camera when there is one), or from
 * a photo (file input with `capture`, for devices or pages where the camera cannot be opened, e.g. without HTTPS).
 * Hands the code's text to `onCode` once per scan; problems (camera blocked, no code in the photo) go to
 * `onProblem` in words, for the desk's live region.
 */
export function QrScanner({ onCode, onProblem, disabled }: { onCode: (code: string) => void; onProblem: (message: string) => void; disabled?: boolean }) {
  const t = useTranslations("admin.pickup.scan");
  const videoRef = useRef<HTMLVideoElement>(null);
  const controlsRef = useRef<IScannerControls | null>(null);
  const [camera, setCamera] = useState<"off" | "starting" | "on">("off");
  const [decoding, setDecoding] = useState(false);
  const photoId = useId();
  const hintId = useId();

  useEffect(() => () => controlsRef.current?.stop(), []);

  function stop() {
    controlsRef.current?.stop();
    controlsRef.current = null;
    setCamera("off");
  }

  async function start() {
    if (!navigator.mediaDevices?.getUserMedia) {
      onProblem(t("cameraUnavailable"));
      return;
    }
    setCamera("starting");
    let handled = false;
    try {
      const reader = await qrReader();
      const video = videoRef.current;
      if (!video) return;
      const controls = await reader.decodeFromConstraints({ audio: false, video: { facingMode: { ideal: "environment" } } }, video, (result, _error, ctl) => {
        if (!result || handled) return;
        handled = true;
        ctl.stop();
        controlsRef.current = null;
        setCamera("off");
        onCode(result.getText());
      });
      if (handled) controls.stop();
      else {
        controlsRef.current = controls;
        setCamera("on");
      }
    } catch (error) {
      setCamera("off");
      onProblem(t(cameraProblemOf(error)));
    }
  }

  async function decodePhoto(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    stop();
    setDecoding(true);
    const url = URL.createObjectURL(file);
    try {
      const reader = await qrReader();
      const img = await loadImage(url);
      const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
      let text: string | null = null;
      if (scale < 1) {
        const canvas = document.createElement("canvas");
        canvas.width = Math.round(img.naturalWidth * scale);
        canvas.height = Math.round(img.naturalHeight * scale);
        canvas.getContext("2d")?.drawImage(img, 0, 0, canvas.width, canvas.height);
        try {
          text = reader.decodeFromCanvas(canvas).getText();
        } catch {
          text = null; // try the full-size photo below
        }
      }
      if (text === null) {
        try {
          text = (await reader.decodeFromImageElement(img)).getText();
        } catch {
          text = (await (await pureImageQrReader()).decodeFromImageElement(img)).getText();
        }
      }
      onCode(text);
    } catch {
      onProblem(t("noCode"));
    } finally {
      URL.revokeObjectURL(url);
      input.value = "";
      setDecoding(false);
    }
  }

  return (
    <div className="pk-scanner">
      <div className="pk-scanner__buttons">
        {camera === "off" ? (
          <button type="button" className="adm-button adm-button--primary pk-big-button" onClick={start} disabled={disabled} aria-describedby={hintId}>
            {t("start")}
          </button>
        ) : (
          <button type="button" className="adm-button pk-big-button" onClick={stop}>
            {camera === "starting" ? t("starting") : t("stop")}
          </button>
        )}
        <label htmlFor={photoId} className={`adm-button pk-photo${disabled || decoding ? " pk-photo--busy" : ""}`}>
          {decoding ? t("decoding") : t("photo")}
        </label>
        <input
          id={photoId}
          className="pk-photo__input"
          type="file"
          accept="image/*"
          capture="environment"
          onChange={decodePhoto}
          disabled={disabled || decoding}
          aria-describedby={hintId}
        />
      </div>
      <p id={hintId} className="adm-hint">
        {camera === "on" ? t("scanning") : t("hint")}
      </p>
      <div className="pk-video" hidden={camera === "off"}>
        {/* The preview only helps aim; the result is announced in the desk's live region. */}
        <video ref={videoRef} className="pk-video__element" muted playsInline aria-label={t("videoLabel")} />
      </div>
    </div>
  );
}
