// Lets people copy the app's address to share it.

import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
} from "@fluentui/react-components";
import { CopyRegular } from "@fluentui/react-icons";
import { useState } from "react";
import { copyText } from "../../lib/clipboard";

export function ShareDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [status, setStatus] = useState("");
  const url = window.location.origin + window.location.pathname;

  const copy = async () => {
    setStatus(
      (await copyText(url)) ? "Copied to the clipboard" : "Could not copy: select the address and copy it yourself",
    );
  };

  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && (setStatus(""), onClose())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Share this app</DialogTitle>
          <DialogContent>
            <Field label="Address" validationState="none" validationMessage={status || undefined}>
              <Input readOnly value={url} onFocus={(event) => event.target.select()} />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Close
            </Button>
            <Button appearance="primary" icon={<CopyRegular />} onClick={() => void copy()}>
              Copy address
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
