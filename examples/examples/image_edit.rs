//! Edits an image: the transparent area of the mask is redrawn from the
//! prompt. Prints the URLs of the results.
//!
//! `cargo run -p openai-examples --example image_edit -- otter.png mask.png "An otter wearing a beret"`

use openai_client::types::{CreateImageEditRequest, ImageSize};
use openai_client::{Client, Error, InputFile};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [image, mask, prompt] = args.as_slice() else {
        return Err(Error::Config("usage: image_edit IMAGE.png MASK.png PROMPT".to_owned()));
    };
    let client = Client::from_env()?;
    let request = CreateImageEditRequest::new(InputFile::from_path(image), prompt.as_str())
        .mask(InputFile::from_path(mask))
        .n(2)
        .size(ImageSize::V512x512);
    let images = client.create_image_edit(&request).await?;
    for image in images.data {
        println!("{}", image.url.unwrap_or_default());
    }
    Ok(())
}
