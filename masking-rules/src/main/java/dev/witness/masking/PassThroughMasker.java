package dev.witness.masking;

/** The masker used when no rules are configured: every value passes unchanged. */
enum PassThroughMasker implements Masker {
    INSTANCE;

    @Override
    public String mask(MaskedField field, String value) {
        return value;
    }

    @Override
    public boolean isPassThrough() {
        return true;
    }
}
