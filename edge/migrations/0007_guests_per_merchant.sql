-- A guest is now known per merchant (`{merchant}:email:…`): one merchant no longer learns about a
-- shopper's devices and passkeys at others. Rows keyed the old, global way cannot be given to one
-- merchant without guessing, so they go; those shoppers step up once more where they pay next.
DELETE FROM devices WHERE shopper_key LIKE 'email:%' OR shopper_key LIKE 'phone:%';
DELETE FROM shoppers WHERE shopper_key LIKE 'email:%' OR shopper_key LIKE 'phone:%';
DELETE FROM passkeys WHERE shopper_key LIKE 'email:%' OR shopper_key LIKE 'phone:%';
